"""When a story's sentence says another again by its words, not only by its embedding.

Outlets paraphrase one statement in words an embedding may place apart; sharing half of the
content words says it again, unless each sentence opens with another speaker (then the shared
words are what both speak about, and the second speaker's answer is news).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from summarizer.disputes import other_speakers
from summarizer.extractive import RESTATES, restates

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
    детей" after "делегации на переговорах в Стамбуле договорились ...") is news."""
    shared = len(new_words & old_words)
    return (
        bool(new_words)
        and shared >= RESTATES * len(new_words)
        and not other_speakers(sentence, old)
    )
