"""A subscriber's delivery preferences as one value, and the pure rules that read them.

Everything a chat chooses (instant or digest, digest times, zone, quiet hours, the conflicts it
follows, its must-have and must-not words, how many points, its language) lives in one frozen
value stored as one JSON column. Storage reads and writes it in one place
(`bot.storage.subscribers`); the rules here never touch the database.

Word filters match words and phrases in any form of their words, case-insensitively
(bot/word_forms.py: "+prisoner" finds "prisoners", "+обмін" finds "обміну"); a user never
supplies a pattern, so nothing can backtrack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.word_forms import fold, mentions, searchable

__all__ = [
    "ALL_CONFLICTS",
    "DEFAULT_CONFLICTS",
    "MAX_PHRASES",
    "MAX_PHRASE_LENGTH",
    "FilterEdit",
    "PreferenceError",
    "Preferences",
    "apply_filter",
    "follows",
    "parse_filter",
    "passes_words",
]

ALL_CONFLICTS = "*"
DEFAULT_CONFLICTS = ("ru-ua",)
MAX_PHRASES = 20
MAX_PHRASE_LENGTH = 60
MIN_POINTS, MAX_POINTS = 1, 10


class PreferenceError(ValueError):
    """A preference a user typed that cannot be stored; `code` and `params` pick the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Preferences:
    """How and what a chat receives; the defaults are what a new subscriber gets."""

    mode: str = "instant"  # instant | digest
    digest_times: tuple[str, ...] = ()
    timezone: str = "UTC"
    quiet_start: str | None = None
    quiet_end: str | None = None
    conflicts: tuple[str, ...] = DEFAULT_CONFLICTS  # ("*",) follows every conflict
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    points: int = 3
    language: str | None = None  # None: the Telegram client's language

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "digest_times": list(self.digest_times),
            "timezone": self.timezone,
            "quiet_start": self.quiet_start,
            "quiet_end": self.quiet_end,
            "conflicts": list(self.conflicts),
            "include": list(self.include),
            "exclude": list(self.exclude),
            "points": self.points,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Preferences:
        """Tolerant of rows written by older versions: a missing key takes its default."""
        data = data or {}
        default = cls()

        def strings(key: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
            value = data.get(key)
            if not isinstance(value, list | tuple):
                return fallback
            return tuple(str(v) for v in value)

        points = data.get("points", default.points)
        return cls(
            mode=str(data.get("mode") or default.mode),
            digest_times=strings("digest_times", ()),
            timezone=str(data.get("timezone") or default.timezone),
            quiet_start=data.get("quiet_start") or None,
            quiet_end=data.get("quiet_end") or None,
            conflicts=strings("conflicts", DEFAULT_CONFLICTS) or DEFAULT_CONFLICTS,
            include=strings("include", ()),
            exclude=strings("exclude", ()),
            points=points if isinstance(points, int) else default.points,
            language=data.get("language") or None,
        )

    def with_points(self, points: int) -> Preferences:
        if not MIN_POINTS <= points <= MAX_POINTS:
            raise PreferenceError("points_range", low=MIN_POINTS, high=MAX_POINTS)
        return replace(self, points=points)


def follows(prefs: Preferences, story_conflicts: Sequence[str]) -> bool:
    """A story about several conflicts reaches the followers of any of them."""
    if ALL_CONFLICTS in prefs.conflicts:
        return True
    return not story_conflicts or any(c in prefs.conflicts for c in story_conflicts)


def passes_words(prefs: Preferences, text: str) -> bool:
    """No must-not phrase appears, and at least one must-have phrase does (if there are any)."""
    if not prefs.include and not prefs.exclude:
        return True
    story = searchable(text)
    if any(mentions(story, phrase) for phrase in prefs.exclude):
        return False
    return not prefs.include or any(mentions(story, phrase) for phrase in prefs.include)


@dataclass(frozen=True)
class FilterEdit:
    """What one `/filter` command asks: clear everything, and/or add phrases."""

    clear: bool = False
    include: tuple[str, ...] = field(default=())
    exclude: tuple[str, ...] = field(default=())


_MARKER = re.compile(r"(?:^|\s)([+-])")
_FORBIDDEN = re.compile(r"[<>&]")
_PATTERN = re.compile(r"[|*\\^$\[\]{}]")
"""Characters of a search pattern: a phrase is matched as written, so "+(truce|ceasefire)"
would keep only stories holding that very text, which is none."""


def _clean_phrase(raw: str) -> str:
    phrase = " ".join(raw.split())
    if not phrase:
        raise PreferenceError("filter_empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in phrase) or _FORBIDDEN.search(phrase):
        raise PreferenceError("filter_bad_chars", phrase=phrase[:MAX_PHRASE_LENGTH])
    if _PATTERN.search(phrase):
        raise PreferenceError("filter_pattern", phrase=phrase[:MAX_PHRASE_LENGTH])
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise PreferenceError("filter_too_long", limit=MAX_PHRASE_LENGTH)
    return phrase


def parse_filter(text: str) -> FilterEdit:
    """Read `+prisoner exchange -sanctions` (or `clear`); a phrase runs to the next marker."""
    stripped = text.strip()
    if stripped.casefold() in ("clear", "очистити", "очистить"):
        return FilterEdit(clear=True)
    if not stripped:
        return FilterEdit()
    if stripped[0] not in "+-":
        raise PreferenceError("filter_syntax")
    markers = list(_MARKER.finditer(stripped))
    include: list[str] = []
    exclude: list[str] = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(stripped)
        phrase = _clean_phrase(stripped[marker.end() : end])
        (include if marker.group(1) == "+" else exclude).append(phrase)
    if len(include) + len(exclude) > MAX_PHRASES:
        raise PreferenceError("filter_too_many", limit=MAX_PHRASES)
    return FilterEdit(include=tuple(include), exclude=tuple(exclude))


def apply_filter(prefs: Preferences, edit: FilterEdit) -> Preferences:
    """The preferences after the edit; all or nothing, within MAX_PHRASES in total."""
    if edit.clear:
        return replace(prefs, include=(), exclude=())

    def merged(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
        seen = {fold(p) for p in old}
        out = list(old)
        for phrase in new:
            if fold(phrase) not in seen:
                seen.add(fold(phrase))
                out.append(phrase)
        return tuple(out)

    include = merged(prefs.include, edit.include)
    exclude = merged(prefs.exclude, edit.exclude)
    # A phrase moved from one list to the other leaves the first.
    include = tuple(p for p in include if fold(p) not in {fold(e) for e in edit.exclude})
    exclude = tuple(p for p in exclude if fold(p) not in {fold(i) for i in edit.include})
    if len(include) + len(exclude) > MAX_PHRASES:
        raise PreferenceError("filter_too_many", limit=MAX_PHRASES)
    return replace(prefs, include=include, exclude=exclude)
