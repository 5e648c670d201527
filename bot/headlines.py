"""Sentence case for headlines written in capitals, keeping the capitals of names.

A wire headline in capitals ("RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN") reads as shouting,
but lower-casing it breaks every name no list foresaw ("Russia's lavrov says witkoff..."). Which
words are names is read from text about the same news, the evidence: the article, its key
points, other outlets' headlines. A word the evidence writes with a capital in the middle of a
sentence is a name ("... said Lavrov on Tuesday"), one it writes in lower case is not.

Evidence must cover the headline before it is trusted: either it confirms a name in it, or it
(with the few acronyms and names below) decides every word. Otherwise the headline stays as it
was written: shouting is the outlet's style; a broken name reads as the bot's mistake.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["ACRONYMS", "NAMES", "is_shouting", "sentence_case"]

# Kept upper case when a wire headline in capitals is turned into sentence case.
ACRONYMS = frozenset(
    {"US", "USA", "UK", "UN", "EU", "NATO", "OSCE", "IAEA", "ICC", "G7", "G20", "AP", "BBC",
     "CNN", "ЕС", "ЄС", "ООН", "США", "РФ", "НАТО", "ОБСЄ", "ОБСЕ", "ЗСУ", "ВСУ", "МАГАТЕ"}
)  # fmt: skip
# Proper names that follow the talks: capitalised when the evidence does not say otherwise.
NAMES = frozenset(
    {"ukraine", "ukrainian", "ukrainians", "russia", "russian", "russians", "kyiv", "kiev",
     "moscow", "putin", "zelensky", "zelenskyy", "trump", "europe", "european", "washington",
     "istanbul", "geneva", "crimea", "donbas", "kremlin", "america", "american", "saudi",
     "arabia", "jeddah", "riyadh", "turkey", "china", "україна", "україни", "росія", "росії",
     "київ", "москва", "путін", "зеленський", "трамп", "европа", "європа", "украина",
     "украины", "россия", "россии", "киев", "путин", "зеленский", "кремль"}
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+")  # letters and digits: "30-DAY" is "30", "-", "DAY"; "G7" one
_APOSTROPHES = "'’ʼ"  # "RUSSIA'S", "З'ЇЗД": what follows one is the end of the word before it
# What may stand between a sentence's end and its first word: spaces, opening quotes,
# brackets and dashes ("He left. «Talks...", "— Lavrov said").
_LEAD = " \t\"'«»“”„‘’([{—–-"
_SENTENCE_END = frozenset(".!?…:;\n\r")
_LOOKBACK = 24  # characters before a word searched for the end of the sentence before it
# The words English title case leaves in lower case ("Talks Resume in Geneva for Now").
_TITLE_CASE_LOWER = frozenset(
    {"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in",
     "of", "off", "on", "per", "to", "up", "via", "vs", "from", "into", "with", "over"}
)  # fmt: skip


def is_shouting(title: str) -> bool:
    """A headline written in capitals: at least 8 letters, 80 % of them upper case."""
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


class _Evidence:
    """How the evidence writes each word (lower-cased key) in the middle of a sentence."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.capitalised: dict[str, Counter[str]] = {}
        self.lower: Counter[str] = Counter()
        for text in texts:
            if text and not _title_case(text):
                self._read(text)

    def _read(self, text: str) -> None:
        for match in _WORD.finditer(text):
            word = match.group(0)
            if word.islower():
                self.lower[word] += 1
            elif word[0].isupper() and not _starts_sentence(text, match.start()):
                self.capitalised.setdefault(word.lower(), Counter())[word] += 1

    def form(self, key: str) -> str | None:
        """The capitalised form the evidence gives `key` more often than the lower case one,
        "" when it writes it in lower case, None when it says nothing."""
        forms = self.capitalised.get(key)
        capitals = sum(forms.values()) if forms else 0
        if forms and capitals > self.lower[key]:
            return forms.most_common(1)[0][0]
        return "" if self.lower[key] or forms else None


def _title_case(text: str) -> bool:
    """ "Russia's Lavrov Says Witkoff Will Meet Putin": every word capitalised (but the few
    title case leaves small) says nothing of which are names, nor does a headline in capitals.
    A sentence has a lower-case verb or noun somewhere, however many names it holds."""
    words = [w for w in _WORD.findall(text) if any(c.isalpha() for c in w)]
    return len(words) >= 3 and all(
        not w.islower() or w in _TITLE_CASE_LOWER for w in words if len(w) > 1
    )


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - _LOOKBACK) : start].rstrip(_LEAD)
    if not before:
        return True  # the text's start, or nothing but quotes and dashes to tell
    return before[-1] in _SENTENCE_END


def sentence_case(title: str, evidence: Iterable[str] = ()) -> str:
    """`title` in sentence case if it is written in capitals and the evidence covers it (see
    the module docstring); any other title as it is.

    "ZELENSKIY MEETS ERDOGAN IN ANKARA" with "Zelenskiy met Erdogan in Ankara on Monday." ->
    "Zelenskiy meets Erdogan in Ankara".
    """
    if not is_shouting(title):
        return title
    known = _Evidence(evidence)
    confirmed = False  # the evidence shows one of the words is a name
    undecided = False  # neither the evidence nor the lists know a word

    def word(match: re.Match[str]) -> str:
        nonlocal confirmed, undecided
        token = match.group(0)
        if token in ACRONYMS or not any(c.isalpha() for c in token):
            return token
        key = token.lower()
        if match.start() > 0 and title[match.start() - 1] in _APOSTROPHES:
            return key
        form = known.form(key)
        if form:
            confirmed = True
            return form
        if form is None and key in NAMES:
            return key.capitalize()
        undecided = undecided or form is None
        return key

    text = _WORD.sub(word, title)
    if undecided and not confirmed:
        return title
    first = re.search(r"[^\W_]", text)
    if first is None:
        return text
    i = first.start()
    return text[:i] + text[i].upper() + text[i + 1 :]
