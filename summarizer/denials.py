"""Does one of two close sentences deny what the other states, by a negation or an opposite verb?

The story summarizer credits an outlet with a point when one of its sentences is close to it by
embedding. Embeddings barely see a negation ("Russia agreed to a 30-day ceasefire." and "Russia
did not agree to a 30-day ceasefire." are about 0.83 apart, above the 0.7 at which two outlets
say the same thing), so the outlet that says the opposite would be credited. A sentence that
denies a point is instead shown beside it as a rival version, like a disputed figure.
"""

from __future__ import annotations

import re

from summarizer.grounding import TOKEN, content_words
from summarizer.likeness import (
    MIN_SHARED,
    NEGATORS,
    alike,
    first_name,
    inner_names,
    shared,
    word_set,
)
from summarizer.negation import STATEMENT_NEGATION

__all__ = ["absence_conflict", "denies", "negation_conflict", "opposite_conflict"]

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
_WITHOUT = re.compile(r"\b(?:without|без)\s+(?:(?:a|an|any|the)\s+)?(\w+)")
_WITH = re.compile(r"\b(?:with|з|із|зі|с|со)\s+(?:(?:a|an|the)\s+)?(\w+)")
""""without a deal" / "with a deal", "без угоди" / "з угодою", "без условий" / "с условиями":
the noun each preposition governs."""
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


def denies(a: str, b: str) -> bool:
    """One sentence says the opposite of the other: by a negation, an opposite verb, or "with"
    against "without" the same thing."""
    return negation_conflict(a, b) or opposite_conflict(a, b) or absence_conflict(a, b)


def negation_conflict(a: str, b: str) -> bool:
    """One sentence denies what the other states ("agreed" / "did not agree").

    Meant for sentences already close by embedding, and conservative, because a false alarm
    takes an outlet's credit away and shows a dispute that is not there. All of these must hold:
    a negation of the statement (`STATEMENT_NEGATION`: "without" and "без" deny a noun, not the
    statement) is in exactly one sentence; each sentence has at least `MIN_SHARED` of its content
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
    negated, plain = (a, b) if STATEMENT_NEGATION.search(a) else (b, a)
    if not STATEMENT_NEGATION.search(negated) or STATEMENT_NEGATION.search(plain):
        return False
    neg_words, plain_words = word_set(negated), word_set(plain)
    if min(len(neg_words), len(plain_words)) < 2 or any(
        w.startswith(_NEGATIVE_STEMS) or w in _NEGATIVE_WORDS for w in neg_words | plain_words
    ):
        return False
    if shared(neg_words, plain_words) < MIN_SHARED * len(neg_words):
        return False
    if shared(plain_words, neg_words) < MIN_SHARED * len(plain_words):
        return False
    return any(shared(scope, plain_words) for scope in _scopes(negated))


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
    return (inner_names(text) | {first_name(text)}) - NEGATORS - {""}


def _scopes(text: str) -> list[frozenset[str]]:
    """For each negation, the first content words after it in its clause."""
    scopes = []
    for match in STATEMENT_NEGATION.finditer(text):
        clause = _CLAUSE_END.split(text[match.end() :], maxsplit=1)[0]
        words = [w for t in TOKEN.findall(clause) for w in content_words(t) if w not in NEGATORS]
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
    if STATEMENT_NEGATION.search(a) or STATEMENT_NEGATION.search(b):
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


def absence_conflict(a: str, b: str) -> bool:
    """One sentence has without what the other has with: "The talks ended without a deal" /
    "The talks ended with a deal", "перемир'я без умов" / "перемир'я з умовами".

    "Without" denies a noun, not the statement, so `negation_conflict` leaves it out (a truce
    "agreed without conditions" was still agreed). As conservative: one sentence governs a
    word with "without", the other the same word (or its longer or shorter form) with "with",
    and neither the reverse; neither sentence negates; each has every capitalised word of the
    other; and each has `MIN_SHARED` of its content words in the other. "Held without
    violations" and "held on Monday" is no dispute: the other sentence never says "with".
    """
    if not _same_names(a, b):
        return False
    a, b = _plain(a), _plain(b)
    if STATEMENT_NEGATION.search(a) or STATEMENT_NEGATION.search(b):
        return False
    for first, second in ((a, b), (b, a)):
        lacking = _governed(_WITHOUT, first)
        having = _governed(_WITH, second)
        if (
            shared(lacking, having)
            and not shared(lacking, _governed(_WITH, first))
            and not shared(having, _governed(_WITHOUT, second))
            and alike(word_set(first), word_set(second))
        ):
            return True
    return False


def _governed(preposition: re.Pattern[str], text: str) -> frozenset[str]:
    """The content words `preposition` governs in `text` (lower case); a Cyrillic one by its
    first four letters, since each preposition takes its own case ("без угоди" / "з угодою")."""
    words = (w for m in preposition.finditer(text) for w in content_words(m.group(1)))
    return frozenset(w[:4] if "\u0400" <= w[:1] <= "\u04ff" else w for w in words)


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
    one = word_set(" ".join(t for t in first if not t.startswith(stems)))
    two = word_set(" ".join(t for t in second if not t.startswith(stems)))
    return alike(one, two)
