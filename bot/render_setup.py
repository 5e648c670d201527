"""What the bot says about a chat's own setup: its feeds (`/sources`) and its settings.

Split from bot.render, which renders the news itself; the same rules hold (pure, every outside
text through `esc`, the bot's words from the catalogue in the reader's language).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from bot.i18n import LocalizedError, translator
from bot.render import cap_title, esc, render_time, shown_url, site_of

__all__ = ["FeedLike", "PrefsLike", "render_feeds", "render_prefs"]


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
    @property
    def links_missing(self) -> bool: ...


def render_feeds(
    feeds: Sequence[FeedLike],
    now: datetime | None = None,
    *,
    describe: Callable[[str], LocalizedError],
    lang: str = "en",
    zone: str = "UTC",
) -> str:
    """`/sources`: each feed with its site, a health mark, when it last worked and why not
    (a failure, or a feed read whose items all lack a link).

    A feed's stored error is English for the logs; `describe` turns it into a message in the
    reader's language (bot.handlers.feeds.feed_problem).
    """
    t = translator(lang)
    if not feeds:
        return t.gettext("No feeds are followed yet.")
    lines = ["<b>" + t.gettext("Feeds followed ({count})", count=len(feeds)) + "</b>"]
    for feed in feeds:
        mark = "✅" if feed.healthy else "⚠️"
        site = site_of(feed.url)
        title = cap_title(feed.title or site or feed.url)
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
                error=esc(describe(feed.last_error or "").render(t)),
            )
        elif feed.links_missing:
            line += "; " + t.gettext("its items have no link to send readers to")
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
