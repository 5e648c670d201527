"""Everything the bot says, as Telegram HTML: pure functions, no I/O.

Every piece of outside text (titles, key points, outlet names, URLs) goes through `esc`, so a
headline with `<` or `&` can never break the markup. Long texts are split under Telegram's 4096
character limit at line breaks, never inside a tag.

The bot's own words come from the message catalogue in the reader's language (`lang`); times
are clock times in the reader's zone (`zone`, an IANA name), never "5 min ago", which is wrong
by the time a digest or a held push is read. Article text stays in its own language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime, get_timezone_location

from bot.i18n import translator
from bot.ingest.dedup import canonical_url

__all__ = [
    "LIST_HEADLINE_MAX",
    "MAX_MESSAGE",
    "esc",
    "headline",
    "html_to_plain",
    "render_digest",
    "render_key_points",
    "render_latest",
    "render_story",
    "render_summary",
    "render_time",
    "shown_url",
    "site_of",
    "split_message",
]

MAX_MESSAGE = 4096
LIST_HEADLINE_MAX = 110  # a /latest line stays on one or two phone lines
_TAG = re.compile(r"<[^>]+>")
# Kept upper case when a wire headline in capitals is turned into sentence case.
ACRONYMS = frozenset(
    {"US", "USA", "UK", "UN", "EU", "NATO", "OSCE", "IAEA", "ICC", "G7", "G20", "AP", "BBC",
     "CNN", "ЕС", "ЄС", "ООН", "США", "РФ", "НАТО", "ОБСЄ", "ОБСЕ", "ЗСУ", "ВСУ", "МАГАТЕ"}
)  # fmt: skip
# Proper names that follow the talks, capitalised again after lower-casing a capitals headline.
NAMES = frozenset(
    {"ukraine", "ukrainian", "ukrainians", "russia", "russian", "russians", "kyiv", "kiev",
     "moscow", "putin", "zelensky", "zelenskyy", "trump", "europe", "european", "washington",
     "istanbul", "geneva", "crimea", "donbas", "kremlin", "america", "american", "saudi",
     "arabia", "jeddah", "riyadh", "turkey", "china", "україна", "україни", "росія", "росії",
     "київ", "москва", "путін", "зеленський", "трамп", "европа", "європа", "украина",
     "украины", "россия", "россии", "киев", "путин", "зеленский", "кремль"}
)  # fmt: skip


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


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def render_time(at: datetime, zone: str = "UTC", lang: str = "en") -> str:
    """A clock time, the zone's city and the date, in the reader's zone: "14:05 Kyiv, 11 Mar"."""
    tz = _zone(zone)
    local = at.astimezone(tz)
    if tz.key in {"UTC", "Etc/UTC", "Etc/GMT", "GMT"}:
        place = "UTC"
    else:
        place = get_timezone_location(tz, locale=lang, return_city=True)
    day = format_datetime(local, "d MMM", locale=lang).rstrip(".")
    return f"{local:%H:%M} {place}, {day}"


def _published(story: StoryLike) -> datetime:
    """When the story's news came out: its publication time when known, else when found."""
    published = getattr(story, "published_at", None)
    return published if isinstance(published, datetime) else story.created_at


def headline(title: str) -> str:
    """A wire headline in capitals in sentence case; other headlines as they are.

    "UKRAINE BACKS 30-DAY CEASEFIRE, US SAYS" -> "Ukraine backs 30-day ceasefire, US says".
    Known acronyms and the names the talks are about keep their capitals.
    """
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 8 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ACRONYMS:
            return token
        lower = token.lower()
        return lower.capitalize() if lower in NAMES else lower

    text = re.sub(r"\w+", word, title)
    first = re.search(r"\w", text)
    if first is None:
        return text
    i = first.start()
    return text[:i] + text[i].upper() + text[i + 1 :]


def shown_url(url: str) -> str:
    """The canonical spelling of a link (no utm_* and other tracking), keeping its scheme."""
    if not url.startswith(("http://", "https://")):
        return url
    canonical = canonical_url(url)
    if url.startswith("http://"):
        canonical = "http://" + canonical.removeprefix("https://")
    return canonical


def site_of(url: str) -> str:
    """The site's domain, without "www.", for showing beside a feed's or outlet's name."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def render_key_points(points: Iterable[KeyPointLike]) -> list[str]:
    """One bullet line per key point."""
    return [f"• {esc(point.text)}" for point in points]


def _source_line(source: SourceLike) -> str:
    label = esc(source.outlet or source.title or source.url)
    if source.url.startswith(("http://", "https://")):
        return f'<a href="{esc(shown_url(source.url))}">{label}</a>'
    return label


def render_story(
    story: StoryLike, now: datetime | None = None, *, lang: str = "en", zone: str = "UTC"
) -> str:
    """A story: bold title with its publication time, key points, the outlets that reported it.

    `now` is accepted for callers of the old signature; the time shown no longer depends on it.
    """
    _ = translator(lang).gettext
    when = render_time(_published(story), zone, lang)
    lines = [f"<b>{esc(headline(story.title))}</b> <i>({esc(when)})</i>"]
    lines.extend(render_key_points(story.key_points))
    if story.sources:
        sources = ", ".join(_source_line(s) for s in story.sources)
        lines.append(_("Sources: {sources}", sources=sources))
    return "\n".join(lines)


def _outlets(story: StoryLike) -> int:
    return len({s.outlet or site_of(s.url) for s in story.sources}) or 1


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_latest(
    stories: Sequence[StoryLike],
    *,
    start: int = 0,
    lang: str = "en",
    zone: str = "UTC",
    capped_from: int | None = None,
) -> str:
    """`/latest`: one numbered line per story (time, headline, outlet count), one message.

    `start` numbers the lines on later pages; `capped_from` is the count the user asked for
    when it was more than a page holds, so the answer says it shows fewer.
    """
    t = translator(lang)
    if not stories:
        if start:
            return t.gettext("No older stories.")
        return t.gettext("No stories yet. New ones appear here as the feeds are read.")
    lines: list[str] = []
    if capped_from is not None:
        lines.append(
            t.gettext(
                "Showing the newest {shown} of the {asked} asked for; the buttons page on.",
                shown=len(stories),
                asked=capped_from,
            )
        )
    for number, story in enumerate(stories, start + 1):
        when = render_time(_published(story), zone, lang)
        outlets = t.ngettext("{n} outlet", "{n} outlets", _outlets(story))
        title = esc(_clip(headline(story.title), LIST_HEADLINE_MAX))
        lines.append(f"{number}. <i>{esc(when)}</i> · <b>{title}</b> ({outlets})")
    lines.append(t.gettext("Tap a number for the key points and sources."))
    return "\n".join(lines)


def render_digest(
    stories: Sequence[StoryLike],
    now: datetime | None = None,
    *,
    lang: str = "en",
    zone: str = "UTC",
) -> str:
    """A scheduled digest: a heading, then each story."""
    t = translator(lang)
    heading = t.ngettext("Digest: {n} new story", "Digest: {n} new stories", len(stories))
    body = "\n\n".join(render_story(story, lang=lang, zone=zone) for story in stories)
    return f"<b>{heading}</b>\n\n{body}"


def render_summary(
    title: str, url: str, points: Iterable[KeyPointLike], *, lang: str = "en"
) -> str:
    """`/summary`: the article's title (linked when there is a URL) and its key points."""
    _ = translator(lang).gettext
    lines: list[str] = []
    link = esc(shown_url(url)) if url else ""
    if title and url:
        lines.append(f'<b><a href="{link}">{esc(headline(title))}</a></b>')
    elif title:
        lines.append(f"<b>{esc(headline(title))}</b>")
    elif url:
        lines.append(f'<a href="{link}">{link}</a>')
    bullets = render_key_points(points)
    lines.extend(bullets or [_("No key points could be found in this text.")])
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


def render_feeds(
    feeds: Sequence[FeedLike], now: datetime | None = None, *, lang: str = "en", zone: str = "UTC"
) -> str:
    """`/sources`: each feed with its site, a health mark, when it last worked and why not."""
    t = translator(lang)
    if not feeds:
        return t.gettext("No feeds are followed yet.")
    lines = ["<b>" + t.gettext("Feeds followed ({count})", count=len(feeds)) + "</b>"]
    for feed in feeds:
        mark = "✅" if feed.healthy else "⚠️"
        site = site_of(feed.url)
        title = feed.title or site or feed.url
        name = f'<a href="{esc(shown_url(feed.url))}">{esc(title)}</a>'
        if site and site != title:
            name += f" ({esc(site)})"
        if feed.last_ok_at:
            seen = t.gettext("read {when}", when=esc(render_time(feed.last_ok_at, zone, lang)))
        else:
            seen = t.gettext("not read yet")
        line = f"{mark} {name}: {seen}"
        if feed.consecutive_errors:
            line += "; " + t.ngettext(
                "{n} failure in a row ({error})",
                "{n} failures in a row ({error})",
                feed.consecutive_errors,
                error=esc(feed.last_error or ""),
            )
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


def render_prefs(prefs: PrefsLike, active: bool, *, lang: str = "en") -> str:
    """`/settings` without arguments: how and when this chat gets stories."""
    _ = translator(lang).gettext
    zone = esc(prefs.timezone)
    if prefs.mode == "digest" and prefs.digest_times:
        times = esc(", ".join(prefs.digest_times))
        timing = _("a digest at {times} ({zone})", times=times, zone=zone)
    else:
        timing = _("every new story as soon as it is found")
    subscribed = _("yes") if active else _("no (send /subscribe)")
    lines = [
        _("<b>Subscribed:</b> {answer}", answer=subscribed),
        _("<b>Delivery:</b> {timing}", timing=timing),
    ]
    if prefs.quiet_start and prefs.quiet_end:
        lines.append(
            _(
                "<b>Quiet hours:</b> {start}-{end} ({zone}): pushes wait until they end",
                start=esc(prefs.quiet_start),
                end=esc(prefs.quiet_end),
                zone=zone,
            )
        )
    else:
        lines.append(_("<b>Quiet hours:</b> off"))
    return "\n".join(lines)
