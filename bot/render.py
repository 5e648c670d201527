"""Everything the bot says, as Telegram HTML: pure functions, no I/O.

Every piece of outside text (titles, key points, outlet names, URLs) goes through `esc`, so a
headline with `<` or `&` can never break the markup. Long texts are split under Telegram's 4096
character limit at line breaks, never inside a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

__all__ = [
    "MAX_MESSAGE",
    "esc",
    "html_to_plain",
    "outlets_label",
    "render_age",
    "render_digest",
    "render_key_points",
    "render_stories",
    "render_story",
    "render_summary",
    "render_update",
    "split_message",
]

MAX_MESSAGE = 4096
_TAG = re.compile(r"<[^>]+>")


class KeyPointLike(Protocol):
    @property
    def text(self) -> str: ...


class SourceLike(Protocol):
    @property
    def outlet(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...


class StoryLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def key_points(self) -> Sequence[KeyPointLike]: ...
    @property
    def sources(self) -> Sequence[SourceLike]: ...


def esc(text: object) -> str:
    """Escape outside text for Telegram HTML: `<`, `>`, `&`, and `"` for attribute values."""
    return html.escape(str(text), quote=False).replace('"', "&quot;")


def html_to_plain(text: str) -> str:
    """The fallback when Telegram refuses our markup: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def render_age(created_at: datetime, now: datetime) -> str:
    """A short human age: "just now", "12 min ago", "3 h ago", "2 d ago"."""
    seconds = max(0, int((now - created_at).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def outlets_label(outlets: Sequence[str], shown: int = 2) -> str:
    """ "Reuters, AP +2": who reports a point, short enough for a bullet's tail."""
    names = list(dict.fromkeys(o for o in outlets if o))
    if len(names) <= shown + 1:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} +{len(names) - shown}"


def _point_outlets(point: KeyPointLike) -> Sequence[str]:
    return getattr(point, "outlets", ()) or ()


def render_key_points(
    points: Iterable[KeyPointLike], new: Collection[str] = (), *, attribute: bool = False
) -> list[str]:
    """One bullet line per key point; points in `new` are marked, outlets when `attribute`."""
    lines = []
    for point in points:
        mark = "🆕 " if point.text in new else ""
        line = f"• {mark}{esc(point.text)}"
        outlets = _point_outlets(point)
        if attribute and outlets:
            line += f" <i>({esc(outlets_label(outlets))})</i>"
        lines.append(line)
    return lines


def _source_line(source: SourceLike) -> str:
    label = esc(source.outlet or source.title or source.url)
    if source.url.startswith(("http://", "https://")):
        return f'<a href="{esc(source.url)}">{label}</a>'
    return label


def _sources(story: StoryLike) -> list[SourceLike]:
    """Each outlet once (its first report), each link once."""
    seen_outlets: set[str] = set()
    seen_urls: set[str] = set()
    chosen: list[SourceLike] = []
    for source in story.sources:
        key = source.outlet or source.url
        if key in seen_outlets or source.url in seen_urls:
            continue
        seen_outlets.add(key)
        seen_urls.add(source.url)
        chosen.append(source)
    return chosen


def _outlet_count_line(story: StoryLike) -> str:
    sources = _sources(story)
    if not sources:
        return ""
    count = len(sources)
    noun = "outlet reports" if count == 1 else "outlets report"
    return f"{count} {noun} this: " + ", ".join(_source_line(s) for s in sources)


def render_story(
    story: StoryLike,
    now: datetime,
    *,
    points: int | None = None,
    new: Collection[str] = (),
) -> str:
    """A story: bold title with its age, key points with their outlets, then the outlets."""
    lines = [f"<b>{esc(story.title)}</b> <i>({render_age(story.created_at, now)})</i>"]
    # What the reader has not seen comes first, so a cap on points never hides it.
    ordered = sorted(story.key_points, key=lambda p: p.text not in new)
    shown = ordered[: points or None]
    lines.extend(render_key_points(shown, new, attribute=len(_sources(story)) > 1))
    sources_line = _outlet_count_line(story)
    if sources_line:
        lines.append(sources_line)
    return "\n".join(lines)


def render_update(story: StoryLike, new_points: Sequence[KeyPointLike], now: datetime) -> str:
    """A short threaded update: only what the chat has not been sent yet, and the outlets."""
    lines = [f"<b>Update:</b> {esc(story.title)}"]
    lines.extend(render_key_points(new_points, attribute=True))
    sources_line = _outlet_count_line(story)
    if sources_line:
        lines.append(sources_line)
    return "\n".join(lines)


def render_stories(stories: Sequence[StoryLike], now: datetime) -> str:
    """`/latest`: the stories, newest first, separated by blank lines."""
    if not stories:
        return "No stories yet. New ones appear here as the feeds are read."
    return "\n\n".join(render_story(story, now) for story in stories)


def render_digest(
    stories: Sequence[StoryLike],
    now: datetime,
    *,
    new: Mapping[int, Collection[str]] | None = None,
    points: int | None = None,
) -> str:
    """A digest: a heading, then each story in its newest state, new points marked 🆕.

    `new` maps a story id to its points the chat has not seen, for stories it was sent before.
    """
    noun = "story" if len(stories) == 1 else "stories"
    heading = f"<b>Digest: {len(stories)} {noun}</b>"
    marks = new or {}
    parts = [
        render_story(story, now, points=points, new=marks.get(getattr(story, "id", -1), ()))
        for story in stories
    ]
    return heading + "\n\n" + "\n\n".join(parts)


def render_summary(title: str, url: str, points: Iterable[KeyPointLike]) -> str:
    """`/summary`: the article's title (linked when there is a URL) and its key points."""
    lines: list[str] = []
    if title and url:
        lines.append(f'<b><a href="{esc(url)}">{esc(title)}</a></b>')
    elif title:
        lines.append(f"<b>{esc(title)}</b>")
    elif url:
        lines.append(f'<a href="{esc(url)}">{esc(url)}</a>')
    bullets = render_key_points(points)
    lines.extend(bullets or ["No key points could be found in this text."])
    return "\n".join(lines)


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at line breaks into parts of at most `limit` characters.

    Our markup never spans lines, so a split at a line break never cuts a tag. A single line
    longer than the limit (rare: one enormous key point) is cut at the last space before the
    limit that is outside a tag, or hard at the limit as a last resort.
    """
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            candidate = piece if not current else current + "\n" + piece
            if len(candidate) <= limit:
                current = candidate
                continue
            if current.strip():
                parts.append(current.strip("\n"))
            current = piece
    if current.strip():
        parts.append(current.strip("\n"))
    return parts or [""]


def _cut_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(line) > limit:
        cut = _safe_cut(line, limit)
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    """The last space at or before `limit` that is not inside a tag or an entity."""
    depth_ok = [True] * (limit + 1)
    inside = False
    for i, char in enumerate(line[: limit + 1]):
        if char == "<":
            inside = True
        depth_ok[i] = not inside
        if char == ">":
            inside = False
    for i in range(limit, 0, -1):
        if line[i - 1] == " " and depth_ok[i - 1]:
            return i
    return limit


class FeedLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def healthy(self) -> bool: ...
    @property
    def last_ok_at(self) -> datetime | None: ...
    @property
    def consecutive_errors(self) -> int: ...
    @property
    def last_error(self) -> str | None: ...


def render_feeds(feeds: Sequence[FeedLike], now: datetime) -> str:
    """`/sources`: each feed with a health mark, when it last worked and its last error."""
    if not feeds:
        return "No feeds are followed yet."
    lines = [f"<b>Feeds followed ({len(feeds)})</b>"]
    for feed in feeds:
        mark = "✅" if feed.healthy else "⚠️"
        name = f'<a href="{esc(feed.url)}">{esc(feed.title or feed.url)}</a>'
        seen = f"read {render_age(feed.last_ok_at, now)}" if feed.last_ok_at else "not read yet"
        line = f"{mark} {name}: {seen}"
        if feed.consecutive_errors:
            line += f"; {feed.consecutive_errors} failed in a row ({esc(feed.last_error or '')})"
        lines.append(line)
    return "\n".join(lines)


class PrefsLike(Protocol):
    @property
    def mode(self) -> str: ...
    @property
    def digest_times(self) -> Sequence[str]: ...
    @property
    def timezone(self) -> str: ...
    @property
    def quiet_start(self) -> str | None: ...
    @property
    def quiet_end(self) -> str | None: ...


def render_prefs(prefs: PrefsLike, active: bool) -> str:
    """`/settings` without arguments: how and when this chat gets stories."""
    if prefs.mode == "digest" and prefs.digest_times:
        timing = f"a digest at {esc(', '.join(prefs.digest_times))} ({esc(prefs.timezone)})"
    else:
        timing = "every new story as soon as it is found"
    lines = [
        f"<b>Subscribed:</b> {'yes' if active else 'no (send /subscribe)'}",
        f"<b>Delivery:</b> {timing}",
    ]
    if prefs.quiet_start and prefs.quiet_end:
        lines.append(
            f"<b>Quiet hours:</b> {esc(prefs.quiet_start)}-{esc(prefs.quiet_end)} "
            f"({esc(prefs.timezone)}): pushes wait until they end"
        )
    else:
        lines.append("<b>Quiet hours:</b> off")
    return "\n".join(lines)
