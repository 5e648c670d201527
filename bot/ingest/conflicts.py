"""Which of the followed conflicts a story is about, from the names and words it uses.

Pure and cheap (regular expressions over title and text), so it runs for every kept article.
Matching is whole-word and case-insensitive; a word ending in "*" matches any ending, which
Ukrainian and Russian need (Україна, України, Україні). A story naming two conflicts' actors
gets both keys; one naming none gets ("other",).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.ingest.topic import OTHER, Conflict, Topic

__all__ = ["conflict_pattern", "tag_conflicts"]


def _term(word: str) -> str:
    stem = word.endswith("*")
    parts = word.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(part) for part in parts)
    return body + (r"\w*" if stem else "")


@lru_cache(maxsize=64)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_term(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def conflict_pattern(conflict: Conflict) -> re.Pattern[str] | None:
    """One regular expression for all of a conflict's actors and words; None for "other"."""
    terms = tuple(t for t in (*conflict.actors, *conflict.words) if t.strip("* "))
    return _compiled(terms) if terms else None


def _matching(conflicts: Iterable[Conflict], text: str) -> tuple[str, ...]:
    found = []
    for conflict in conflicts:
        pattern = conflict_pattern(conflict)
        if pattern is not None and pattern.search(text):
            found.append(conflict.key)
    return tuple(found)


def tag_conflicts(topic: Topic, title: str, text: str) -> tuple[str, ...]:
    """The keys of the conflicts the story names, in the topic file's order; else ("other",).

    A topic file that names no conflicts tags nothing: its stories reach every subscriber,
    whatever conflicts they chose, instead of none of them.
    """
    named = [c for c in topic.conflicts if c.key != OTHER]
    if not named:
        return ()
    return _matching(named, f"{title}\n{text}") or (OTHER,)
