"""Do two close sentences disagree? On a figure, or on whether the thing happened at all.

The story summarizer credits an outlet with a point when one of its sentences is close to it by
embedding. Embeddings barely see a negation ("Russia agreed to a 30-day ceasefire." and "Russia
did not agree to a 30-day ceasefire." are about 0.83 apart, above the 0.7 at which two outlets
say the same thing), so the outlet that says the opposite would be credited. A sentence that
disputes a point is instead shown beside it as a rival version, like a disputed figure.
"""

from __future__ import annotations

import re

from summarizer.dates import _SPEECH, days_differ, undated, unspoken
from summarizer.figures import figures_conflict
from summarizer.grounding import _NEGATION, TOKEN, content_words

__all__ = [
    "days_conflict",
    "denies",
    "disputes",
    "names_swapped",
    "negation_conflict",
    "opposite_conflict",
]

_CONTRACTED = re.compile(r"\b[^\W\d_]+n[’']t\b")
"""'didn't', 'won't', 'isn't': rewritten to 'not' so the auxiliary does not count as a word."""
_NOT_A_DENIAL = re.compile(
    r"\b(?:not only|not least|no (?:later|less|more|fewer) than|not (?:later|less|more) than"
    r"|(?:не|ні) (?:менее|менше|более|більше|раз|позднее|пізніше|только|тільки|лише"
    r"|исключ\w*|виключ\w*))\b"
)
"""Phrases with a negating word that deny nothing: "no less than 10", "not only", "не менее",
"не раз" (more than once), "не исключил" (did not rule out)."""
_QUOTED_WORD = re.compile(r"[\"“”«»‘'](\w+)[\"“”«»’']")
"""A word in quotes is named, not used: the lone "no" vote negates nothing. It is kept, marked
('no_'), so it still counts as a word but no longer matches a negation."""
_NEGATORS = frozenset(
    ["not", "no", "never", "nor", "none", "nobody", "nothing", "cannot", "without", "neither"]
    + ["не", "ні", "нет", "немає", "ни", "никогда", "ніколи", "ничего", "нічого", "никто"]
    + ["ніхто", "без"]
)
_CLAUSE_END = re.compile(
    r"[,;:()\[\]\u2013\u2014]|\s-\s|\b(?:but|while|whereas|though|although"
    r"|но|але|хотя|хоча|однако|проте)\b"
)
"""Where a negation's reach ends: the 'not' of "..., though Kyiv did not say" negates no more."""
_NEGATIVE_STEMS = (
    "refus", "reject", "deni", "deny", "declin", "fail", "dismiss", "rebuff", "halt", "suspend",
    "collaps", "stall", "scrap", "cancel", "abandon", "unlikel", "unabl", "unwill", "lack",
    "block", "prevent", "veto",
    "отказ", "відмов", "отверг", "отклон", "відхил", "відкин", "опроверг", "спростов", "спростув",
    "отрица", "заперечи", "заперечу", "провал", "сорва", "зірва", "заблок", "приостанов",
    "призупин", "отмен", "скасув",
)  # fmt: skip
_NEGATIVE_WORDS = frozenset(["miss", "bann", "bans", "ban", "barr", "oppose", "oppos"])
"""Words that negate without a negation word (stems, and whole stems where a prefix would also
catch 'missile' or 'opposition'): "Russia refused to agree" and "Russia did not agree" say the
same, so a pair with one of these is never called opposite. ('Unlikely' and the words after it
were added once "unlikely to meet" / "for not meeting" was flagged on the first 60 dev events of
the story bench, its only flag there.)"""
MIN_SHARED = 0.75
"""Share of each sentence's content words (negations left out) the other must have."""
SCOPE_WORDS = 3
"""Content words after a negation, in its clause, of which one must be in the other sentence."""
_OPPOSITES = (
    (
        ("accept", "approv", "endors", "ratif", "backed", "backs", "backing"),
        ("reject", "rebuff", "dismiss", "declin"),
    ),
    (("agree",), ("refus", "reject", "declin")),
    (("confirm",), ("deni", "deny")),
    (("support", "welcom"), ("oppos", "condemn", "reject")),
    (("lifted", "lifts", "lifting", "eased", "eases", "easing"), ("impos", "tighten")),
    (("resum", "restart"), ("suspend", "halt", "paus")),
    (
        ("принял", "принять", "прийняв", "прийняла", "прийняли", "прийняти", "одобр", "схвал"),
        ("отклон", "отверг", "відхил", "відкин"),
    ),
    (("согласил", "согласятся", "согласит", "погодил", "погодит", "погодж"), ("отказ", "відмов")),
    (("подтверд", "підтверд"), ("опроверг", "спростов", "спростув", "отрица", "заперечи")),
    (("возобнов", "відновил", "відновлен"), ("приостанов", "призупин", "прерв", "перерв")),
)
"""Verb stems that state opposite outcomes of the same act (in English, Russian and Ukrainian),
matched at a word's start; short verbs are spelt out ('eased', not 'eas', which would take
'eastern')."""
_REFUSED_TO = re.compile(
    r"\b(?:refus|declin|reject|fail|unwilling|unable|отказ|відмов)\w*"
    r"(?:(?:\s+\w+)?\s+to)?(?:\s+\w+ly)?\s+(\w+)"
)
"""A refusal governing the verb after it: "refused to agree", "refused outright to agree",
"declined to formally accept", "отказалась согласиться". The verb it governs is no yes."""
_CONSENT = (
    "agree",
    "accept",
    "approv",
    "endors",
    "ratif",
    "согласит",
    "согласил",
    "погодит",
    "погодил",
    "погодж",
    "принять",
    "прийняти",
)
"""The yes verbs whose refusal is their no. Refusing to confirm, support or welcome something
is not denying, opposing or condemning it: only a refusal to consent is its rejection."""


def disputes(a: str, b: str) -> bool:
    """Two sentences about the same thing that a reader must see both of: they give different
    figures or days for it, or one denies what the other states."""
    return figures_conflict(a, b) or days_conflict(a, b) or denies(a, b)


def days_conflict(a: str, b: str) -> bool:
    """They put the same statement on different days ("will start on Monday" / "on
    Thursday", "March 5" / "March 15").

    Narrow, like `negation_conflict`: the day a source spoke ("..., officials said on
    Tuesday") is left out, and apart from their days each sentence has `MIN_SHARED` of its
    content words in the other. Close sentences of one event often name days of different
    things ("shot down rockets on Monday" / "... ahead of a Tuesday deadline", "rose in April"
    / "from 6 % in March"): read on the dev stories, a day check without this bar split such
    paraphrases about as often as it found another fact (bench/dispute_bench.py). Who said
    it is left out of that likeness too (`_unsaid`): "The White House said the truce starts
    Monday" and "Officials said it starts Thursday" are one statement on two days.
    """
    a, b = unspoken(a), unspoken(b)
    if not days_differ(a, b):
        return False
    # Who said it is left out of the likeness, unless that leaves nothing to compare.
    one, two = (_words(undated(_unattributed(_unsaid(t)))) for t in (a, b))
    if len(one) < 2 or len(two) < 2:
        one, two = _words(undated(a)), _words(undated(b))
    return _alike(one, two)


def denies(a: str, b: str) -> bool:
    """One sentence says the opposite of the other: by a negation or by an opposite verb."""
    return negation_conflict(a, b) or opposite_conflict(a, b)


def negation_conflict(a: str, b: str) -> bool:
    """One sentence denies what the other states ("agreed" / "did not agree").

    Meant for sentences already close by embedding, and conservative, because a false alarm
    takes an outlet's credit away and shows a dispute that is not there. All of these must hold:
    a negation is in exactly one sentence; each sentence has at least `MIN_SHARED` of its content
    words (negations left out, a word matching its longer or shorter form: 'agreed'/'agree') in
    the other, so they are near-identical apart from the negation; a negated word (one of the
    first `SCOPE_WORDS` content words after the negation, before the clause ends) is in the
    other sentence, so a "did not" in a clause the other lacks ("..., though Kyiv did not say
    when it would begin") flags nothing; each has every capitalised word of the other, so two
    actors ("The EU agreed", "Hungary did not agree") are not one denying; and neither
    sentence has a word that negates by itself ('refused', 'rejected'), with which the two may
    well say the same.
    """
    if not _same_names(a, b):
        return False
    a, b = (_plain(t) for t in (a, b))
    negated, plain = (a, b) if _NEGATION.search(a) else (b, a)
    if not _NEGATION.search(negated) or _NEGATION.search(plain):
        return False
    neg_words, plain_words = _words(negated), _words(plain)
    if min(len(neg_words), len(plain_words)) < 2 or any(
        w.startswith(_NEGATIVE_STEMS) or w in _NEGATIVE_WORDS for w in neg_words | plain_words
    ):
        return False
    if _shared(neg_words, plain_words) < MIN_SHARED * len(neg_words):
        return False
    if _shared(plain_words, neg_words) < MIN_SHARED * len(plain_words):
        return False
    return any(_shared(scope, plain_words) for scope in _scopes(negated))


_ATTRIBUTION_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:according to [^,.;]+|(?:[A-Z][\w.'’-]*\s+){1,5}"
    r"(?:said|says|reported|reports|told|added|noted)\b[^,.;]*"
    r"|(?:said|says|reported|told)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})[.,;]?\s*$"
)
_SPEAKER_WORD = (
    r"(?!(?:which|that|who|whom|whose|what|when|where|while|as|and|but|if|after|before|because"
    r"|though|although|it|що|что|який|яка|яке|які|который|которая|которое|которые|і|й|и|але|но"
    r")\b)[^\W\d][\w.'’-]*\s+"
)
_LOWER_ATTRIBUTION_TAIL = re.compile(
    rf",\s*(?:(?:{_SPEAKER_WORD}){{1,4}}"
    r"(?:said|says|reported|reports|told|added|noted|confirmed|announced)\b[^,.;]*"
    r"|(?:said|says)\s+(?:the\s+|an?\s+)?[^\W\d][\w.'’-]*(?:\s+[^\W\d][\w.'’-]*){0,3})[.,;]?\s*$"
)
"""A tail whose speaker is not capitalised: ", officials said", ", sources told Reuters",
", a Kremlin spokesman said". Only after a comma, and not a clause that goes on with what was
said (", which officials said would start Monday")."""
_ATTRIBUTION_HEAD = re.compile(r"^According to [^,]+,\s*")
_SAID = rf"(?:{_SPEAKER_WORD}){{0,5}}(?:{_SPEECH}|reported|reports)\b"
_BREAK = r"[,;:][\"”»’']?\s*"
_ABOUT_ITSELF = (
    r"(?!(?:(?:that|що|что),?\s+)?(?:it|its|they|their|he|his|she|her|we|our"
    r"|він|вона|вони|його|її|їх|ми|наш\w*|он|она|они|его|её|ее|их|мы)\b)"
)
_SPEAKER = re.compile(
    rf"{_BREAK}(?:(?i:as|як|как)\s+)?{_SAID}(?:\s+[^\s,.;:]+){{0,4}}[.;!]?\s*$"
    rf"|(?:^|{_BREAK})(?i:as|як|как)\s+{_SAID}(?:\s+[^\s,.;:]+){{0,4}},\s*"
    rf"|(?:^|{_BREAK}){_SAID}(?:\s+(?:reporters|journalists))?(?:,?\s+(?:that|що|что))?"
    rf"[,:]?\s+{_ABOUT_ITSELF}"
)
"""Who said it, at the start of a sentence or clause: "The White House said (that) ...",
"У Лестовії заявили, що ...", "Как заявил Дорск, ...", or a clause that ends the sentence:
", a spokesman told reporters", ", сообщили в МИД Варнии". Kept when what was said is about
the speaker ("Varnia said it would withdraw"): then the speaker is part of the fact. Each try
starts only at a sentence's start or a clause break, and every word pattern stops at a space,
so it cannot backtrack far."""
MAX_SWAPPED = 2
"""Names on each side that may differ for two sentences to be one fact about other parties."""


def names_swapped(a: str, b: str) -> bool:
    """The same statement about other parties, places or days: "Hamas accepted the truce
    proposal" / "Israel accepted the truce proposal". An embedding finds them as close as one
    fact said twice, but neither outlet may be credited with the other's, and the second is
    news.

    Strict, because a paraphrase taken for another fact sends an update that repeats one:
    who reported it ("..., Reuters reported") is left out; one or two names differ on each side
    (the sentence's first word only when both start with a name of their own); every other
    content word is the same, and there are at least three of them. On the dev data's 3,206
    close cross-outlet pairs (cosine 0.7) it fires once (bench/dispute_bench.py).
    """
    a, b = _unattributed(a), _unattributed(b)
    words_a, words_b = content_words(a), content_words(b)
    names_a, names_b = _inner_names(a), _inner_names(b)
    first_a, first_b = _first_name(a), _first_name(b)
    if first_a and first_b and first_a not in words_b and first_b not in words_a:
        names_a, names_b = names_a | {first_a}, names_b | {first_b}
    only_a = {n for n in names_a - words_b if not _abbreviates(n, names_b | words_b)}
    only_b = {n for n in names_b - words_a if not _abbreviates(n, names_a | words_a)}
    if not (1 <= len(only_a) <= MAX_SWAPPED and 1 <= len(only_b) <= MAX_SWAPPED):
        return False
    rest_a, rest_b = words_a - names_a, words_b - names_b
    return rest_a == rest_b and len(rest_a) >= 3


def _unattributed(text: str) -> str:
    """Without who reported it, and with "U.S." as one word."""
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text.strip())
    text = _ATTRIBUTION_TAIL.sub(".", _ATTRIBUTION_HEAD.sub("", text))
    return _LOWER_ATTRIBUTION_TAIL.sub(".", text)


def _unsaid(text: str) -> str:
    """Without who said it, in the forms that come before what was said ("X said that ...")
    as well as after it (", X said"): the speaker is not the statement."""
    return _SPEAKER.sub(_the_break, text.strip())


def _the_break(match: re.Match[str]) -> str:
    """The clause break an attribution followed, kept so the clauses stay apart."""
    return match.group()[:1] + " " if match.group()[:1] in ",;:" else ""


_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_SAME_PARTY = tuple(
    frozenset(content_words(names))
    for names in (
        "Kyiv Kiev Ukraine",
        "Moscow Kremlin Russia",
        "Washington United States White House America",
        "Jerusalem Israel",
        "Beijing China",
        "Tehran Iran",
        "Ankara Turkey",
        "Riyadh Saudi Arabia",
        "Brussels European Union",
    )
)
"""Capitals and institutions that stand for their country ("Kyiv accepted" is "Ukraine
accepted")."""


def _abbreviates(name: str, others: set[str]) -> bool:
    """ "Sen." for "Senator" (one name is the start of another), or "Kyiv" for "Ukraine"."""
    party = next((group for group in _SAME_PARTY if name in group), frozenset())
    return any(
        o in party
        or (len(min(name, o, key=len)) >= 3 and (o.startswith(name) or name.startswith(o)))
        for o in others
    )


def _inner_names(text: str) -> set[str]:
    """The capitalised content words after a sentence's first word."""
    return {w for t in TOKEN.findall(text)[1:] if t[:1].isupper() for w in content_words(t)}


def _first_name(text: str) -> str:
    tokens = TOKEN.findall(text)[:1]
    words = content_words(tokens[0]) if tokens and tokens[0][:1].isupper() else set()
    return next(iter(words - _NEGATORS), "")


def _plain(text: str) -> str:
    """Lower case, "didn't" as "did not", and negating words that deny nothing (quoted, or in
    a phrase such as "no less than") taken out of the negation's reach."""
    text = _QUOTED_WORD.sub(r"\1_", text.lower())
    return _CONTRACTED.sub(" not ", _NOT_A_DENIAL.sub(" ", text))


def _same_names(a: str, b: str) -> bool:
    """Each sentence has every capitalised word of the other: "The EU agreed" and "Hungary did
    not agree" are two actors, not a denial."""
    words_a, words_b = content_words(a), content_words(b)
    return _names(a) <= words_b and _names(b) <= words_a


def _names(text: str) -> set[str]:
    """Every capitalised content word, the sentence's first word included."""
    return (_inner_names(text) | {_first_name(text)}) - _NEGATORS - {""}


def _words(text: str) -> frozenset[str]:
    return frozenset(content_words(text)) - _NEGATORS


def _shared(words: frozenset[str], other: frozenset[str]) -> int:
    """How many of `words` the other set has, a word matching its longer or shorter form."""
    return sum(
        1
        for w in words
        if w in other
        or (
            len(w) >= 4
            and any(len(o) >= 4 and (o.startswith(w) or w.startswith(o)) for o in other)
        )
    )


def _scopes(text: str) -> list[frozenset[str]]:
    """For each negation, the first content words after it in its clause."""
    scopes = []
    for match in _NEGATION.finditer(text):
        clause = _CLAUSE_END.split(text[match.end() :], maxsplit=1)[0]
        words = [w for t in TOKEN.findall(clause) for w in content_words(t) if w not in _NEGATORS]
        scopes.append(frozenset(words[:SCOPE_WORDS]))
    return scopes


def opposite_conflict(a: str, b: str) -> bool:
    """One sentence states the opposite outcome with an opposite verb ("accepted the plan" /
    "rejected the plan"), which an embedding places as close as a paraphrase.

    As conservative as `negation_conflict`: one side of an opposite pair is in each sentence
    and not in the other; neither sentence negates (a "did not reject" would agree); each has
    every capitalised word of the other; and, the two verbs left out, each has at least
    `MIN_SHARED` of its content words in the other.
    "Kyiv accepted the plan and Moscow rejected it" disputes neither half, as it has both.
    """
    if not _same_names(a, b):
        return False
    a, b = _refusals(_plain(a)), _refusals(_plain(b))
    if _NEGATION.search(a) or _NEGATION.search(b):
        return False
    tokens_a, tokens_b = TOKEN.findall(a), TOKEN.findall(b)
    for yes, no in _OPPOSITES:
        for first, second in ((tokens_a, tokens_b), (tokens_b, tokens_a)):
            if (
                _has(first, yes)
                and _has(second, no)
                and not _has(first, no)
                and not _has(second, yes)
                and _alike_apart_from(first, second, yes + no)
            ):
                return True
    return False


def _refusals(text: str) -> str:
    """Each refusal of a yes verb ("refused to agree", "declined to accept") rewritten as the
    no verb of its pair ('refus', 'reject'), so the 'agree' it governs counts as no yes."""

    def rewrite(match: re.Match[str]) -> str:
        verb = match.group(1)
        if not verb.startswith(_CONSENT):  # "declined to confirm" is no denial
            return match.group()
        no = next((no for yes, no in _OPPOSITES if verb.startswith(yes)), None)
        return no[0] if no else match.group()

    return _REFUSED_TO.sub(rewrite, text)


def _has(tokens: list[str], stems: tuple[str, ...]) -> bool:
    return any(t.startswith(stems) for t in tokens)


def _alike_apart_from(first: list[str], second: list[str], stems: tuple[str, ...]) -> bool:
    """The two token lists share `MIN_SHARED` of their content words both ways, the words
    starting with `stems` left out."""
    one = _words(" ".join(t for t in first if not t.startswith(stems)))
    two = _words(" ".join(t for t in second if not t.startswith(stems)))
    return _alike(one, two)


def _alike(one: frozenset[str], two: frozenset[str]) -> bool:
    """At least two content words each, and `MIN_SHARED` of each set's words in the other."""
    if min(len(one), len(two)) < 2:
        return False
    return _shared(one, two) >= MIN_SHARED * len(one) and _shared(two, one) >= MIN_SHARED * len(
        two
    )
