"""Which of the followed conflicts a story is about, from the names and words its reports use.

Pure and cheap (regular expressions over titles and texts), so it runs for every kept article
and again over all of a story's reports whenever one joins. Matching is whole-word and
case-insensitive; a word ending in "*" matches any ending, which Ukrainian and Russian need
(Україна, України, Україні).

Naming a war once is not being about it: "Hamas delegation in Moscow" is a Gaza story held in
Russia's capital, and "RSF condemns arrests in Kyiv" is the press-freedom group, not Sudan's
Rapid Support Forces. So each conflict's mentions are weighed, not just found:

- a mention in a title weighs `TITLE_WEIGHT` body mentions: a headline says what it is about;
- a conflict's `shared` terms (capitals and countries that host talks or vote at the UN, an
  acronym of something else) count only when no conflict is named by its own terms;
- a conflict is kept when its weight is at least `SHARE` of the heaviest conflict's, so a
  passing comparison in a long report does not add a war, while a story about two wars
  (both named about as much) gets both keys.

A story naming none of them is "other"; "other" is never kept beside a named conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.ingest.topic import OTHER, Conflict, Topic

__all__ = [
    "SHARE",
    "TITLE_WEIGHT",
    "conflict_pattern",
    "conflict_weights",
    "merge_conflicts",
    "story_conflicts",
    "tag_conflicts",
]

TITLE_WEIGHT = 3
"""A title mention counts as this many mentions in the text."""

SHARE = 0.3
"""A conflict is kept when its weight is at least this share of the heaviest conflict's;
chosen on one half of the labelled training items (bench/conflict_bench.py)."""


def _term(word: str) -> str:
    stem = word.endswith("*")
    parts = word.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(part) for part in parts)
    return body + (r"\w*" if stem else "")


@lru_cache(maxsize=128)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_term(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    kept = tuple(t for t in terms if t.strip("* "))
    return _compiled(kept) if kept else None


def conflict_pattern(conflict: Conflict) -> re.Pattern[str] | None:
    """One regular expression for all of a conflict's terms, shared ones too; None for "other"."""
    return _pattern((*conflict.actors, *conflict.words, *conflict.shared))


def _count(pattern: re.Pattern[str] | None, title: str, text: str) -> int:
    if pattern is None:
        return 0
    return TITLE_WEIGHT * len(pattern.findall(title)) + len(pattern.findall(text))


def conflict_weights(
    topic: Topic, reports: Iterable[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Conflict key -> (weight of its own terms, weight of its shared terms) over `reports`,
    each a (title, text); only conflicts named at all."""
    named = [c for c in topic.conflicts if c.key != OTHER]
    own = {c.key: _pattern((*c.actors, *c.words)) for c in named}
    shared = {c.key: _pattern(c.shared) for c in named}
    weights = dict.fromkeys(own, (0, 0))
    for title, text in reports:
        for key in weights:
            mine, theirs = weights[key]
            weights[key] = (
                mine + _count(own[key], title, text),
                theirs + _count(shared[key], title, text),
            )
    return {key: w for key, w in weights.items() if w != (0, 0)}


def _chosen(weights: dict[str, tuple[int, int]], share: float) -> set[str]:
    if any(mine for mine, _ in weights.values()):
        # Named by its own terms somewhere: conflicts known only by shared terms are venues.
        totals = {key: mine + theirs for key, (mine, theirs) in weights.items() if mine}
    else:
        totals = {key: theirs for key, (_, theirs) in weights.items()}
    heaviest = max(totals.values(), default=0)
    return {key for key, total in totals.items() if heaviest and total >= share * heaviest}


def story_conflicts(
    topic: Topic, reports: Iterable[tuple[str, str]], share: float = SHARE
) -> tuple[str, ...]:
    """The keys of the conflicts the reports (title, text) are about, in the topic file's
    order; ("other",) for none.

    A topic file that names no conflicts tags nothing: its stories reach every subscriber,
    whatever conflicts they chose, instead of none of them.
    """
    named = [c.key for c in topic.conflicts if c.key != OTHER]
    if not named:
        return ()
    chosen = _chosen(conflict_weights(topic, reports), share)
    return tuple(key for key in named if key in chosen) or (OTHER,)


def tag_conflicts(topic: Topic, title: str, text: str, share: float = SHARE) -> tuple[str, ...]:
    """The conflicts one report is about (see `story_conflicts`)."""
    return story_conflicts(topic, [(title, text)], share)


def merge_conflicts(story: Sequence[str], report: Sequence[str]) -> tuple[str, ...]:
    """A story's tags after a report tagged `report` joins it, when its reports cannot be
    weighed again: both sets, but "other" only while no named conflict is among them (a story
    that turns out to be about Russia-Ukraine is not "any other conflict")."""
    merged = tuple(dict.fromkeys([*story, *report]))
    named = tuple(key for key in merged if key != OTHER)
    return named or merged
