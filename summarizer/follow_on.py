"""A point that goes on from its article's sentence before it is read after that sentence.

A story's new points are ranked best first, so "Песков добавил, что встреча Путина и Зеленского
возможна только после подписания документов" could come before the sentence it goes on from,
"Песков заявил, что Москва подготовит меморандум" (a trial of the real bot: an update whose
first point added to a statement the reader had not yet read). Only the order changes, and only
for a sentence that says it goes on ("added", "also said", "добавил", "також заявив") when an
earlier point of its own article is shown too; every other point keeps its rank.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["follow_on_order", "goes_on"]

T = TypeVar("T")

_GOES_ON = re.compile(
    # "added" as a speech verb only: not "the economy added 559,000 jobs" or "added risk".
    r"\badded\s*(?:that\b|:)|\b(?:he|she|they)\s+added\b|\badded\s*[.!]?[\"”’]?\s*$"
    r"|\balso\s+(?:said|says|told|noted|stressed|warned)\b"
    r"|\b(?:добавил[аи]?|додав|додала|додали)\b"
    r"|\b(?:также|тоже)\s+(?:заявил|сказал|отметил|подчеркнул|сообщил)\w*"
    r"|\b(?:також|теж)\s+(?:заявив|заявила|сказав|сказала|зазначив|зазначила|наголосив|"
    r"наголосила|повідомив|повідомила)\b",
    re.IGNORECASE,
)


def goes_on(sentence: str) -> bool:
    """The sentence says it adds to what its speaker said before it ("he added", "також
    заявив"); "adding that" inside the statement itself does not."""
    return bool(_GOES_ON.search(sentence))


def follow_on_order(
    points: Sequence[tuple[T, int]],
    article_of: Callable[[int], int],
    goes_on_at: Callable[[int], bool],
) -> list[tuple[T, int]]:
    """`points` (each with its candidate index: the story's sentences in article and reading
    order) with each that goes on moved right after the nearest earlier shown point of its
    article, if it came before that point. A point whose index is shared (a pair of outlets'
    versions shown together) is neither moved nor split from its pair."""
    times = Counter(i for _, i in points)
    anchor: dict[int, int] = {}
    for _, i in points:
        if times[i] != 1 or not goes_on_at(i):
            continue
        earlier = [j for j in times if j < i and article_of(j) == article_of(i)]
        if earlier:
            anchor[i] = max(earlier)
    waiting: dict[int, list[tuple[T, int]]] = {}
    placed: Counter[int] = Counter()
    ordered: list[tuple[T, int]] = []

    def place(item: tuple[T, int]) -> None:
        ordered.append(item)
        placed[item[1]] += 1
        if placed[item[1]] == times[item[1]]:
            for follower in waiting.pop(item[1], []):
                place(follower)

    for item in points:
        before = anchor.get(item[1])
        if before is not None and placed[before] < times[before]:
            waiting.setdefault(before, []).append(item)
        else:
            place(item)
    return ordered
