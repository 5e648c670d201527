"""What an outlet's correction of its report changed in a story: which shown point a new
sentence corrects, and which the outlet took out.

A corrected report rejoins its story as its newest one, and its earlier version is known to
the story's pool (`Pool.earlier_texts`): what it said then is not news. A point only that
version said is either corrected (the sentence standing where it stood now says another
figure, day or party: `corrections`) or withdrawn (taken out from inside the report, said by
no other: `withdrawn`). A page that only lost its end, as a live page does when its oldest
entries move on, corrects and withdraws nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.core import KeyPoint
from summarizer.story_pool import Pool

__all__ = ["corrections", "withdrawn"]


def corrections(
    pool: Pool,
    candidates: Sequence[int],
    previous: Sequence[KeyPoint],
    withdrawn: Sequence[int],
    conflict: float,
) -> dict[int, tuple[str, ...]]:
    """Among `candidates`, the corrected version of each `withdrawn` previous point (one
    no article says any more), with the texts of the points it replaces: the closest
    sentence of the corrected article the point was quoted from that its earlier version
    did not say, standing where the point's sentence stood (`_same_place`: a live page's
    newer entry at its top corrects nothing). Whatever changed (a figure, a day, a party),
    the outlet now says this instead."""
    found: dict[int, tuple[str, ...]] = {}
    for n in withdrawn:
        old = previous[n]
        sims = pool.vectors @ pool.previous_vectors[n]
        mine = [
            i
            for i in candidates
            if (earlier := pool.earlier_texts.get(pool.candidates[i].article)) is not None
            and pool.candidates[i].sentence.source not in earlier
            and _same_place(
                old.evidence,
                earlier,
                pool.candidates[i].sentence.source,
                pool.articles[pool.candidates[i].article].text,
            )
        ]
        best = max(mine, key=lambda i: float(sims[i]), default=None)
        if best is not None and float(sims[best]) >= conflict:
            found[best] = (*found.get(best, ()), old.text)
    return found


def withdrawn(
    pool: Pool, previous: Sequence[KeyPoint], points: Sequence[KeyPoint], agree: float
) -> tuple[str, ...]:
    """The previous points its outlet removed in a correction: quoted from an earlier
    version of a corrected article, taken out from inside it (`_edited_inside`), said by
    no article now, and neither kept nor replaced by another version of them in
    `points`."""
    if not pool.earlier_texts:
        return ()
    shown = {p.text for p in points} | {t for p in points for t in p.replaces}
    return tuple(
        old.text
        for n, old in enumerate(previous)
        if old.text not in shown
        and old.evidence
        and any(
            _edited_inside(old.evidence, text, pool.articles[a].text)
            for a, text in pool.earlier_texts.items()
        )
        and pool.still_supported(old, pool.previous_vectors[n], agree) is None
    )


def _edited_inside(evidence: Sequence[str], earlier: str, now: str) -> bool:
    """The evidence was in the earlier version, and what followed it there is still in the
    article now: the outlet edited the statement, or took it out. A page that lost its end
    instead (a live page whose oldest entries moved to another page, a cut-off text) says
    nothing about it, nor does a newer entry of such a page correct it."""
    if not evidence or not all(e in earlier for e in evidence):
        return False
    end = max(earlier.find(e) + len(e) for e in evidence)
    lines = [line.strip() for line in earlier[end:].splitlines() if line.strip()]
    return bool(lines) and lines[-1] in now


CONTEXT_CHARS = 40


def _same_place(evidence: Sequence[str], earlier: str, source: str, now: str) -> bool:
    """`source` stands in the article now where the evidence stood in its earlier version:
    the words just before it, or just after it, are the same (an edit keeps at least one
    neighbour; a live page's newer entry at its top has neither of the old entry's)."""
    if not evidence or not all(e in earlier for e in evidence):
        return False
    start = earlier.find(evidence[0])
    end = max(earlier.find(e) + len(e) for e in evidence)
    at = now.find(source)
    before_then, before_now = _tail(earlier[:start]), _tail(now[:at])
    after_then, after_now = _head(earlier[end:]), _head(now[at + len(source) :])
    return (before_then == before_now and bool(before_then)) or (
        after_then == after_now and bool(after_then)
    )


def _tail(text: str) -> str:
    return " ".join(text.split())[-CONTEXT_CHARS:]


def _head(text: str) -> str:
    return " ".join(text.split())[:CONTEXT_CHARS]
