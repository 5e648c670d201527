"""Which of the followed conflicts a story is about, from the names and words its reports use.

Pure and cheap (regular expressions over titles and texts), so it runs for every kept article;
a story keeps the sum of its reports' weights and is tagged from that as each report joins.
Matching is whole-word and case-insensitive; a word ending in "*" matches any ending, which
Ukrainian and Russian need (Україна, України, Україні).

Naming a war once is not being about it: "Hamas delegation in Moscow" is a Gaza story held in
Russia's capital, and "RSF condemns arrests in Kyiv" is the press-freedom group, not Sudan's
Rapid Support Forces. So each conflict's mentions are weighed, not just found:

- a mention in a title weighs `TITLE_WEIGHT` body mentions: a headline says what it is about;
- a conflict's `shared` terms (capitals and countries that host talks or vote at the UN, an
  acronym of something else) weigh `SHARED_WEIGHT` of its own terms: "Russia" may be the
  party to the war or the mediator. Beside a conflict named by its own terms, one named only
  by shared terms counts only if they outweigh that conflict's names (each at full weight):
  "Hamas delegation in Moscow" names Moscow as a venue, while "Russia and US negotiators meet
  in Riyadh ... Sudan was also on the agenda" is about Russia;
- a conflict is kept when its weight is at least `SHARE` of the heaviest conflict's, so a
  passing comparison in a long report does not add a war, while a story about two wars
  (both named about as much) gets both keys, and a story that names Russia throughout keeps
  `ru-ua` beside the Gaza deal it cites. A missed push is worse than an extra one: when in
  doubt, the tag stays.

A story's weights are the sum of its reports' (`add_weights`), so its tags can be weighed again
as each report joins without reading the others (`weights_conflicts`).

A story naming none of them is "other"; "other" is never kept beside a named conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.ingest.topic import OTHER, Conflict, Topic

__all__ = [
    "SHARE",
    "ConflictTagger",
    "SHARED_WEIGHT",
    "TITLE_WEIGHT",
    "Weights",
    "add_weights",
    "conflict_pattern",
    "conflict_weights",
    "merge_conflicts",
    "named_wars",
    "story_conflicts",
    "tag_conflicts",
    "term_patterns",
    "weights_conflicts",
]

Weights = Mapping[str, tuple[int, int]]
"""Conflict key -> (weight of its own terms, weight of its shared terms); named ones only."""

TITLE_WEIGHT = 3
"""A title mention counts as this many mentions in the text."""

SHARE = 0.3
"""A conflict is kept when its weight is at least this share of the heaviest conflict's;
chosen on one half of the labelled training items (bench/conflict_bench.py)."""

SHARED_WEIGHT = 0.5
"""What a shared name ("Russia", "Moscow", "RSF") weighs against one of the conflict's own
names: even odds that it names the party to the war. Set a priori, not fitted to the bench."""


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


@lru_cache(maxsize=32)
def term_patterns(terms: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each of a topic file's terms ("Ukrain*", "Rapid Support Forces") with its whole-word
    pattern, compiled once per list (a conflict's terms are one list)."""
    return tuple((t, _compiled((t,))) for t in terms if t.strip("* "))


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


def add_weights(*parts: Weights) -> dict[str, tuple[int, int]]:
    """The weights of reports taken together: a story's, from its reports' in any order."""
    total: dict[str, tuple[int, int]] = {}
    for part in parts:
        for key, (mine, theirs) in part.items():
            before = total.get(key, (0, 0))
            total[key] = (before[0] + int(mine), before[1] + int(theirs))
    return {key: w for key, w in total.items() if w != (0, 0)}


def _chosen(weights: Weights, share: float) -> set[str]:
    totals = {
        key: mine + SHARED_WEIGHT * theirs for key, (mine, theirs) in weights.items() if mine
    }
    main = max(totals.values(), default=0)
    for key, (mine, theirs) in weights.items():
        # Named only by shared names beside a war named by its own: "Hamas delegation in
        # Moscow" is where, "RSF condemns arrests in Kyiv" is who; a story that names Russia
        # more than the war it cites is about Russia.
        if not mine and theirs > main:
            totals[key] = SHARED_WEIGHT * theirs
    heaviest = max(totals.values(), default=0)
    return {key for key, total in totals.items() if heaviest and total >= share * heaviest}


def named_wars(weights: Weights) -> frozenset[str]:
    """The conflicts named by their own terms (an actor or word of theirs, not only a shared
    capital or country): what a report is surely about, where its tags also keep doubtful
    ones ("Russia" once in a report on Iran's nuclear talks tags it Russia-Ukraine)."""
    return frozenset(key for key, (mine, _) in weights.items() if mine)


def weights_conflicts(topic: Topic, weights: Weights, share: float = SHARE) -> tuple[str, ...]:
    """The keys of the conflicts reports of these summed `weights` are about, in the topic
    file's order; ("other",) for none, () for a topic file that names no conflicts."""
    named = [c.key for c in topic.conflicts if c.key != OTHER]
    if not named:
        return ()
    # A story's stored sum may hold a conflict the topic file has since dropped: it weighs nothing.
    chosen = _chosen({key: w for key, w in weights.items() if key in named}, share)
    return tuple(key for key in named if key in chosen) or (OTHER,)


def story_conflicts(
    topic: Topic, reports: Iterable[tuple[str, str]], share: float = SHARE
) -> tuple[str, ...]:
    """The keys of the conflicts the reports (title, text) are about, in the topic file's
    order; ("other",) for none.

    A topic file that names no conflicts tags nothing: its stories reach every subscriber,
    whatever conflicts they chose, instead of none of them.
    """
    return weights_conflicts(topic, conflict_weights(topic, reports), share)


def tag_conflicts(topic: Topic, title: str, text: str, share: float = SHARE) -> tuple[str, ...]:
    """The conflicts one report is about (see `story_conflicts`)."""
    return story_conflicts(topic, [(title, text)], share)


@dataclass(frozen=True)
class ConflictTagger:
    """A topic's conflict tagging as story placement uses it: a report's weights, weighed
    once when it is scored, and a story's tags from the sum of its reports' weights."""

    topic: Topic
    share: float = SHARE

    def weigh(self, reports: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
        return conflict_weights(self.topic, reports)

    def tags(self, weights: Weights) -> tuple[str, ...]:
        return weights_conflicts(self.topic, weights, self.share)


def merge_conflicts(story: Sequence[str], report: Sequence[str]) -> tuple[str, ...]:
    """A story's tags after a report tagged `report` joins it, when its reports cannot be
    weighed again: both sets, but "other" only while no named conflict is among them (a story
    that turns out to be about Russia-Ukraine is not "any other conflict")."""
    merged = tuple(dict.fromkeys([*story, *report]))
    named = tuple(key for key in merged if key != OTHER)
    return named or merged
