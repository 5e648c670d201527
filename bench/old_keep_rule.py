"""The rule by which a story kept its previous points before, the baseline of
bench/kept_points_bench.py: a previous point was left out when a cosine of the duplicate bar,
or half of the shorter one's content words (`repeats_in_words`), made it a repeat of a point
kept before it, though readers had been sent it as a fact of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from summarizer.core import KeyPoint
from summarizer.repeats import repeats_in_words
from summarizer.story_choice import Choice
from summarizer.story_pool import Point, Pool

KeepRule = Callable[[Choice, Pool, Sequence[KeyPoint], float], list[int]]


def _rule(duplicate: float) -> KeepRule:
    def same(a: Point, b: Point) -> bool:
        close = float(a.vector @ b.vector) >= duplicate
        return close or repeats_in_words(a.words, b.words, a.sentence, b.sentence)

    def keep_previous(
        self: Choice, story: Pool, previous: Sequence[KeyPoint], agree: float
    ) -> list[int]:
        withdrawn: list[int] = []
        for n, old in enumerate(previous):
            if self.full:
                break
            kept = story.still_supported(old, story.previous_vectors[n], agree)
            if kept is None:
                withdrawn.append(n)
            elif not any(same(kept, p) for p in self.shown):
                self.shown.append(kept)
        return withdrawn

    return keep_previous


@contextmanager
def old_keep_rule(duplicate: float) -> Iterator[None]:
    """Within this block stories keep their previous points by the rule before, with the
    duplicate bar the story summarizer sets for several articles (`StoryWeights.distinct`)."""
    now = Choice.keep_previous
    Choice.keep_previous = _rule(duplicate)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Choice.keep_previous = now  # type: ignore[method-assign]
