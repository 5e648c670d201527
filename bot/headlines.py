"""Sentence case for headlines written in capitals, keeping the capitals of names.

A wire headline in capitals ("RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN") reads as shouting,
but lower-casing it breaks every name no list foresaw ("Russia's lavrov says witkoff..."). Which
words are names is read from text about the same news, the evidence: the article, its key
points, other outlets' headlines. A word the evidence writes with a capital in the middle of a
sentence is a name ("... said Lavrov on Tuesday"), one it writes in lower case is not.

Evidence must decide every word of the headline (but the first, capitalised anyway) before it
is trusted, with the few acronyms and names below and a list of common words that are lower
case unless shown otherwise. Otherwise the headline stays as it was written: shouting is the
outlet's style; a name lowered for want of evidence ("Lavrov says witkoff will meet Putin")
reads as the bot's mistake. Capitalising the undecided words instead would print half a
headline in title case ("Lavrov says Witkoff Will meet Putin"), a mistake of another kind.
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
_QUOTES = "\"'«“„‘‹"  # opening a quotation when no letter stands before them
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")
# "O'Brien", "RUSSIA'S": a word with what its apostrophes join, judged whole for capitals.
_SPELLED = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")
# Common words: lower case when the evidence does not say, a name only on two capitals. Function
# words, the verbs and nouns of talks' headlines, pronouns ("WE"), words that are also
# acronyms ("WHO", "IT"), and what follows an apostrophe in English ("RUSSIA'S").
_COMMON = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from",
     "with", "as", "into", "over", "after", "before", "amid", "about", "against", "than",
     "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
     "could", "not", "no", "new", "says", "said", "say", "tells", "told", "meet", "meets",
     "met", "go", "goes", "end", "ends", "resume", "resumes", "hold", "holds", "without",
     "talks", "talk", "deal", "plan", "ceasefire", "truce", "peace", "war", "we", "it",
     "its", "he", "she", "they", "who", "what", "that", "this", "s", "t", "d", "ll", "re",
     "ve", "m",
     "і", "й", "та", "а", "але", "в", "у", "з", "зі", "із", "на", "до", "за", "про", "по",
     "від", "для", "що", "як", "не", "після", "під", "через", "каже", "заявив", "заявила",
     "переговори", "мир", "ми", "ви", "вони", "він", "вона", "хто", "це",
     "и", "но", "во", "с", "со", "к", "о", "об", "из", "от", "что", "как", "после", "под",
     "говорит", "заявил", "переговоры", "мы", "вы", "они", "он", "она", "кто",
     "это"}
)  # fmt: skip
_MONTHS = frozenset({"may", "march"})  # English months that are common words too
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
    """How the evidence writes each word (lower-cased key) in the middle of a sentence.

    Only what a writer chose tells: a line in title case, a sentence in capitals, a word in
    capitals (often the shouted headline again, atop its article) and a word opening a
    sentence or a quotation ('said "We are ready"') have their capitals from the style."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.capitalised: dict[str, Counter[str]] = {}
        self.lower: Counter[str] = Counter()
        for text in texts:
            for line in (text or "").splitlines():
                if _title_case(line):
                    continue
                for sentence in _SENTENCE_BREAK.split(line):
                    if not is_shouting(sentence):
                        self._read(sentence)

    def _read(self, text: str) -> None:
        for spelled in _SPELLED.finditer(text):
            if _in_capitals(spelled.group(0)):
                continue
            for match in _WORD.finditer(spelled.group(0)):
                word, start = match.group(0), spelled.start() + match.start()
                if word.islower():
                    self.lower[word] += 1
                elif word[0].isupper() and not _starts_sentence(text, start):
                    self.capitalised.setdefault(word.lower(), Counter())[word] += 1

    def form(self, key: str) -> str | None:
        """The capitalised form the evidence gives `key`, "" for lower case, None when it
        cannot tell.

        A capitalised form must be used more often than the lower case one, and twice for a
        common word: one "in May" or "the Talks" is too little to make a name of it. A common
        word it says nothing of is lower case; "may" and "march" (months too) never are
        without the two capitals: "talks may resume" says nothing of "TALKS IN MAY"."""
        forms = self.capitalised.get(key)
        capitals = sum(forms.values()) if forms else 0
        common = key in _COMMON or key in _MONTHS
        if forms and capitals > self.lower[key] and (capitals >= 2 or not common):
            return forms.most_common(1)[0][0]
        if key in _MONTHS:
            return None
        return "" if self.lower[key] or key in _COMMON else None


def _in_capitals(spelled: str) -> bool:
    """ "LAVROV", "RUSSIA'S": capitals that say nothing of case, unlike "O" or "NATO"."""
    letters = sum(c.isalpha() for c in spelled)
    return letters > 1 and spelled.isupper() and spelled not in ACRONYMS


def _title_case(text: str) -> bool:
    """ "Russia's Lavrov Says Witkoff Will Meet Putin": every word capitalised (but the few
    title case leaves small) says nothing of which are names, nor does a headline in capitals.
    A sentence has a lower-case verb or noun somewhere, however many names it holds."""
    words = [w for w in _WORD.findall(text) if any(c.isalpha() for c in w)]
    return len(words) >= 3 and all(
        not w.islower() or w in _TITLE_CASE_LOWER for w in words if len(w) > 1
    )


def _starts_sentence(text: str, start: int) -> bool:
    """After a sentence's end, or right after an opening quote: 'said "We are ready"',
    «Ми готові». A quote is opening when no letter or digit stands before it."""
    if start > 0 and text[start - 1] in _QUOTES and (start < 2 or not text[start - 2].isalnum()):
        return True
    before = text[max(0, start - _LOOKBACK) : start].rstrip(_LEAD)
    if not before:
        return True  # the text's start, or nothing but quotes and dashes to tell
    return before[-1] in _SENTENCE_END


def sentence_case(title: str, evidence: Iterable[str] = ()) -> str:
    """`title` in sentence case if it is written in capitals and every word is decided (see
    the module docstring); any other title as it is.

    "ZELENSKIY MEETS ERDOGAN IN ANKARA" with "Zelenskiy met Erdogan in Ankara on Monday." ->
    "Zelenskiy meets Erdogan in Ankara".
    """
    if not is_shouting(title):
        return title
    known = _Evidence(evidence)
    undecided = False  # neither the evidence nor the lists know a word after the first
    first = True

    def word(match: re.Match[str]) -> str:
        nonlocal undecided, first
        token = match.group(0)
        if token in ACRONYMS or not any(c.isalpha() for c in token):
            first = False
            return token
        key, opening, first = token.lower(), first, False
        form = known.form(key)
        if form:
            return form
        if form is None and key in NAMES:
            return key.capitalize()
        # The first word gets its capital anyway: only one such as "McCarthy" could suffer.
        undecided = undecided or (form is None and not opening)
        return key

    text = _WORD.sub(word, title)
    if undecided:
        return title
    start = re.search(r"[^\W_]", text)
    if start is None:
        return text
    i = start.start()
    return text[:i] + text[i].upper() + text[i + 1 :]
