"""How alike two close sentences are, word by word, negations left out.

Every dispute check compares sentences an embedding already found close, and calls them one
statement told two ways only when they are near-identical in words apart from what differs: a
negation, an opposite verb, a day. A word matches its longer or shorter form ("agreed" /
"agree"), and a negating word counts as no word, so "did not agree" and "agreed" share all.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from summarizer.grounding import TOKEN, content_words
from summarizer.negation import NEGATION_WORDS

__all__ = ["MIN_SHARED", "NEGATORS", "alike", "first_name", "inner_names", "shared", "word_set"]

NEGATORS = frozenset(w for word in NEGATION_WORDS for w in content_words(word))
"""Every negating word, "without" and "без" too, as `content_words` spells it ('nothing' is
'noth', 'никогда' 'никог'): the words a word set leaves out."""
MIN_SHARED = 0.75
"""Share of each sentence's content words (negations left out) the other must have."""


def inner_names(text: str) -> set[str]:
    """The capitalised content words after a sentence's first word."""
    return {w for t in TOKEN.findall(text)[1:] if t[:1].isupper() for w in content_words(t)}


def first_name(text: str) -> str:
    tokens = TOKEN.findall(text)[:1]
    words = content_words(tokens[0]) if tokens and tokens[0][:1].isupper() else set()
    return next(iter(words - NEGATORS), "")


def word_set(text: str) -> frozenset[str]:
    """Content words, negations left out: they are what a statement and its denial differ by."""
    return frozenset(content_words(text)) - NEGATORS


def shared(words: AbstractSet[str], other: AbstractSet[str]) -> int:
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


def alike(one: frozenset[str], two: frozenset[str]) -> bool:
    """At least two content words each, and `MIN_SHARED` of each set's words in the other."""
    if min(len(one), len(two)) < 2:
        return False
    return shared(one, two) >= MIN_SHARED * len(one) and shared(two, one) >= MIN_SHARED * len(two)
