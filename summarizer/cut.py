"""A story's points cut to a reader's number without taking sides on a disputed figure.

Pushes, digests, updates and the terminal all show a story's first few points; when outlets
give different figures for the same statement, the story summarizer keeps both versions and
marks them (`KeyPoint.rivals`), and every cut must keep them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["cut_points"]


class _Point(Protocol):
    @property
    def text(self) -> str: ...


P = TypeVar("P", bound=_Point)


def cut_points(points: Sequence[P], limit: int | None) -> list[P]:
    """The first `limit` points (all for None or 0), never one version of a disputed figure
    without the others.

    Outlets that disagree on a figure are shown side by side (`KeyPoint.rivals` names the other
    versions): they move up next to the first of them, and when that one fits under the reader's
    number the others come too, even past it, so a cap never picks a side.
    """
    index = {p.text: i for i, p in reversed(list(enumerate(points)))}
    linked: dict[int, set[int]] = {}
    for i, point in enumerate(points):
        for text in getattr(point, "rivals", ()) or ():
            j = index.get(text)
            if j is not None and j != i:
                linked.setdefault(i, set()).add(j)
                linked.setdefault(j, set()).add(i)
    taken: list[P] = []
    placed: set[int] = set()
    for i in range(len(points)):
        if i in placed:
            continue
        if limit and len(taken) >= limit:
            break
        group, todo = {i}, [i]
        while todo:
            for j in linked.get(todo.pop(), ()):
                if j not in group:
                    group.add(j)
                    todo.append(j)
        taken.extend(points[j] for j in sorted(group))
        placed |= group
    return taken
