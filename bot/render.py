"""Everything the bot says, as Telegram HTML: pure functions, no I/O.

Every piece of outside text (titles, key points, outlet names, URLs) goes through `esc`, so a
headline with `<` or `&` can never break the markup; titles are capped at `MAX_TITLE` first.
Long texts are split under Telegram's 4096 character limit, preferably at line breaks, never
inside a tag or an entity, and every part is valid HTML on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.ingest.clean import clean_text

__all__ = [
    "MAX_MESSAGE",
    "MAX_TITLE",
    "cap_title",
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
MAX_TITLE = 300  # a headline longer than this is junk or a whole article in the title field
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


def cap_title(title: str, limit: int = MAX_TITLE) -> str:
    """`title` on one line, without invisible characters, cut to at most `limit` characters
    at a word boundary with an ellipsis.

    Applied before escaping, so a cut can never fall inside an entity. Cleaning here too
    covers titles that did not come through a feed (the page title `/summary` shows).
    """
    title = " ".join(clean_text(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


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
    label = esc(cap_title(source.outlet or source.title or source.url))
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
    title = esc(cap_title(story.title))
    lines = [f"<b>{title}</b> <i>({render_age(story.created_at, now)})</i>"]
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
    lines = [f"<b>Update:</b> {esc(cap_title(story.title))}"]
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
    title = cap_title(title)
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
    """Split into parts of at most `limit` characters, each valid Telegram HTML on its own.

    A cut never falls inside a tag or an entity. Where one falls goes by preference: a line
    break outside any element, a line break inside one, a space, then any character. When a
    cut is inside elements (one enormous title or key point), the part closes them and the
    next one reopens them, so Telegram never refuses a part and no link is lost.
    """
    tokens = _TOKEN.findall(text)
    parts: list[str] = []
    start = 0
    opened: list[tuple[str, str]] = []  # (name, opening tag) open where the part starts
    while start < len(tokens):
        while start < len(tokens) and tokens[start] == "\n":
            start += 1  # a part never starts with blank lines
        if start == len(tokens):
            break
        end, stack = _fill(tokens, start, opened, limit)
        body = "".join(tokens[start:end])
        closers = "".join(f"</{name}>" for name, _ in reversed(stack))
        part = "".join(tag for _, tag in opened) + body.rstrip("\n") + closers
        if any(not _is_tag(token) and not token.isspace() for token in tokens[start:end]):
            parts.append(part)  # never a part of bare tags: Telegram refuses an empty text
        start = end
        if start < len(tokens) and tokens[start] == " ":
            start += 1  # the space we cut at
        opened = stack
    return parts or [""]


_TOKEN = re.compile(r"<[^<>]*>|&[#A-Za-z0-9]+;|[^<&]|[<&]", re.S)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def _is_tag(token: str) -> bool:
    return len(token) > 2 and token.startswith("<")


def _after(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The open elements after `token` (a tag, an entity or a character)."""
    if not _is_tag(token):
        return stack
    match = _TAG_NAME.match(token)
    if match is None or token.endswith("/>"):
        return stack
    name = match.group(1).lower()
    if not token.startswith("</"):
        return [*stack, (name, token)]
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == name:
            return stack[:depth]
    return stack


def _fill(
    tokens: list[str], start: int, opened: list[tuple[str, str]], limit: int
) -> tuple[int, list[tuple[str, str]]]:
    """Where the part starting at `start` ends, and the elements still open there."""
    length = sum(len(tag) for _, tag in opened)
    stack = opened
    best: tuple[int, int, list[tuple[str, str]]] | None = None  # (rank, end, stack)
    index = start
    while index < len(tokens):
        token = tokens[index]
        after = _after(stack, token)
        closing = sum(len(name) + 3 for name, _ in after)
        if length + len(token) + closing > limit and index > start:
            break
        length += len(token)
        stack = after
        index += 1
        if index == len(tokens):
            return index, stack
        following = tokens[index]
        if following == "\n":
            rank = 3 if not stack else 2
        elif following == " ":
            rank = 1
        else:
            rank = 0
        if best is None or rank >= best[0]:
            best = (rank, index, stack)
    if best is None:
        return index, stack
    return best[1], best[2]


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
        name = f'<a href="{esc(feed.url)}">{esc(cap_title(feed.title or feed.url))}</a>'
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
