"""Do two close sentences disagree? On a figure, or on whether the thing happened at all.

The story summarizer credits an outlet with a point when one of its sentences is close to it by
embedding. Embeddings barely see a negation ("Russia agreed to a 30-day ceasefire." and "Russia
did not agree to a 30-day ceasefire." are about 0.83 apart, above the 0.7 at which two outlets
say the same thing), so the outlet that says the opposite would be credited. A sentence that
disputes a point is instead shown beside it as a rival version, like a disputed figure.
"""

from __future__ import annotations

import re

from summarizer.figures import figures_conflict
from summarizer.grounding import _NEGATION, TOKEN, content_words

__all__ = ["disputes", "negation_conflict"]

_CONTRACTED = re.compile(r"\b[^\W\d_]+n[’']t\b")
"""'didn't', 'won't', 'isn't': rewritten to 'not' so the auxiliary does not count as a word."""
_NEGATORS = frozenset(
    ["not", "no", "never", "nor", "none", "nobody", "nothing", "cannot", "without", "neither"]
)
_CLAUSE_END = re.compile(
    r"[,;:()\[\]\u2013\u2014]|\s-\s|\b(?:but|while|whereas|though|although)\b"
)
"""Where a negation's reach ends: the 'not' of "..., though Kyiv did not say" negates no more."""
_NEGATIVE_STEMS = (
    "refus", "reject", "deni", "deny", "declin", "fail", "dismiss", "rebuff", "halt", "suspend",
    "collaps", "stall", "scrap", "cancel", "abandon", "unlikel", "unabl", "unwill", "lack",
    "block", "prevent", "veto",
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


def disputes(a: str, b: str) -> bool:
    """Two sentences about the same thing that a reader must see both of: they give different
    figures for it, or one denies what the other states."""
    return figures_conflict(a, b) or negation_conflict(a, b)


def negation_conflict(a: str, b: str) -> bool:
    """One sentence denies what the other states ("agreed" / "did not agree").

    Meant for sentences already close by embedding, and conservative, because a false alarm
    takes an outlet's credit away and shows a dispute that is not there. All of these must hold:
    a negation is in exactly one sentence; each sentence has at least `MIN_SHARED` of its content
    words (negations left out, a word matching its longer or shorter form: 'agreed'/'agree') in
    the other, so they are near-identical apart from the negation; a negated word (one of the
    first `SCOPE_WORDS` content words after the negation, before the clause ends) is in the
    other sentence, so a "did not" in a clause the other lacks ("..., though Kyiv did not say
    when it would begin") flags nothing; and neither sentence has a word that negates by itself
    ('refused', 'rejected'), with which the two may well say the same.
    """
    a, b = _CONTRACTED.sub(" not ", a.lower()), _CONTRACTED.sub(" not ", b.lower())
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
