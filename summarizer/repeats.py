"""When a story's sentence says another again by its words, not only by its embedding.

Outlets paraphrase one statement in words an embedding may place apart; sharing half of the
content words says it again, unless each sentence opens with another speaker (then the shared
words are what both speak about, and the second speaker's answer is news).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from summarizer.attribution import unsaid
from summarizer.disputes import other_speakers
from summarizer.extractive import RESTATES, restates
from summarizer.grounding import content_words

__all__ = ["repeats_in_words", "restated_in_words"]


def repeats_in_words(
    words: AbstractSet[str], other_words: AbstractSet[str], sentence: str, other: str
) -> bool:
    """One sentence says again what the other says, by its words (half of the shorter one's
    content words in the other), unless each opens with another speaker: the words "The
    Kremlin said it would study the US proposal" shares with "Ukraine said it was ready to
    accept the US proposal" are what both speak about, and the Kremlin's answer is news."""
    return restates(words, other_words) and not other_speakers(sentence, other)


def restated_in_words(
    new_words: AbstractSet[str], old_words: AbstractSet[str], sentence: str, old: str
) -> bool:
    """A later sentence says again what an earlier one said, by its words: half of its own
    content words are in the earlier one, unless each opens with another speaker. Unlike
    `repeats_in_words` only the later sentence's share counts: one that says the earlier
    statement and more ("... передала российской стороне список из 400 депортированных
    детей" after "делегации на переговорах в Стамбуле договорились ...") is news.

    Who said the earlier statement is no part of it (`unsaid`): "Turkish Foreign Minister
    Hakan Fidan urged both sides to show restraint" shares only its speaker with "Ukraine and
    Russia have agreed to stop attacking ... ports, Turkish Foreign Minister Hakan Fidan
    said", and was held back as said before (a trial). The words are counted again without
    the speakers only when they would make it a restatement."""
    if not new_words or len(new_words & old_words) < RESTATES * len(new_words):
        return False
    if other_speakers(sentence, old):
        return False
    said = frozenset(content_words(unsaid(sentence))) if sentence else frozenset()
    said_before = frozenset(content_words(unsaid(old))) if old else frozenset()
    said, said_before = said or frozenset(new_words), said_before or frozenset(old_words)
    return len(said & said_before) >= RESTATES * len(said)
