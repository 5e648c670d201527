"""/sources for everyone; /addfeed and /removefeed for admins.

/addfeed reads the feed before following it, so an address that answers HTTP 500 or is an
article page rather than a feed is refused with the reason, not followed and failing silently.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import (
    Command,
    answer,
    blocking,
    command_args,
    translator_of,
    zone_of,
)
from bot.handlers.summary import fetch_problem
from bot.i18n import N_, LocalizedError
from bot.ingest.parse import FeedParseError, ParsedFeed, parse_feed
from bot.net import FetchError, UrlGuard, fetch
from bot.render import esc
from bot.render_setup import render_feeds
from bot.storage.feeds import add_feed, list_feeds, remove_feed

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["COMMANDS", "check_feed", "feed_problem"]

USAGE = N_("Usage: /{command} https://example.com/rss.xml")
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
FEED_HTML = N_("it is a web page, not a feed (RSS, Atom or JSON Feed)")
FEED_UNREADABLE = N_("it is not a feed I can read")
# What a failed poll stores (bot.ingest: FeedParseError, the feed's time budget) -> the message
# a reader sees; fetch failures are worded by fetch_problem.
_FEED_REASONS = (
    (re.compile(r"HTML page"), "feed.html", FEED_HTML),
    (re.compile(r"^(empty response|malformed|not a feed)"), "feed.unreadable", FEED_UNREADABLE),
    (re.compile(r"^took longer than its"), "feed.slow", N_("reading it took longer than allowed")),
)
FEED_FAILED = N_("the feed could not be fetched")


def feed_problem(error: str) -> LocalizedError:
    """Why a feed's last poll failed, in words a reader of any language gets.

    The poller stores its reason in English for the logs; /sources shows it translated, and a
    reason no table knows (an internal error, a new kind of failure) as a generic failure.
    """
    for pattern, code, message in _FEED_REASONS:
        if pattern.search(error):
            return LocalizedError(code, message)
    problem = fetch_problem(error)
    return problem if problem.code != "fetch.other" else LocalizedError("feed.failed", FEED_FAILED)


async def sources(update: Update, context: BotContext) -> None:
    """List the feeds followed, their sites and their health."""
    t = await translator_of(update, context)
    feeds = await blocking(list_feeds, context.services.db)
    zone = await zone_of(update, context)
    text = render_feeds(feeds, lang=t.lang, zone=zone, describe=feed_problem)
    await answer(update, context, text)


def _feed_url(update: Update) -> str | None:
    args = command_args(update)
    url = args.split(maxsplit=1)[0] if args else ""
    return url if url.startswith(("http://", "https://")) else None


async def check_feed(services: Services, url: str) -> ParsedFeed:
    """Fetch and parse `url` as a feed; LocalizedError says why it is not one."""
    settings = services.settings
    try:
        result = await fetch(
            services.http,
            url,
            max_bytes=settings.fetch_max_bytes,
            timeout=settings.fetch_timeout_seconds,
            headers={"User-Agent": settings.user_agent, "Accept": FEED_ACCEPT},
            guard=UrlGuard(settings.fetch_allowed_hosts),
        )
    except FetchError as exc:
        raise fetch_problem(exc) from None
    try:
        parsed = await asyncio.to_thread(parse_feed, result.content, result.content_type)
    except FeedParseError as exc:
        if "HTML page" in str(exc):
            raise LocalizedError("feed.html", FEED_HTML) from None
        raise LocalizedError("feed.unreadable", FEED_UNREADABLE) from None
    if not parsed.entries:
        raise LocalizedError("feed.empty", N_("the feed has no items"))
    return parsed


async def add_feed_command(update: Update, context: BotContext) -> None:
    """Read the feed, then follow it (admins only)."""
    t = await translator_of(update, context)
    url = _feed_url(update)
    if url is None:
        await answer(update, context, t.gettext(USAGE, command="addfeed"))
        return
    try:
        parsed = await check_feed(context.services, url)
    except LocalizedError as exc:
        text = t.gettext("Not added: {reason}.", reason=esc(exc.render(t)))
        await answer(update, context, text)
        return
    found = t.ngettext(
        "{title}, {n} item",
        "{title}, {n} items",
        len(parsed.entries),
        title=esc(parsed.title or url),
    )
    added = await blocking(add_feed, context.services.db, url)
    if added:
        text = t.gettext("Following {found}; it is read at the next poll.", found=found)
    else:
        text = t.gettext("{url} was already followed ({found}).", url=esc(url), found=found)
    await answer(update, context, text)


async def remove_feed_command(update: Update, context: BotContext) -> None:
    """Stop following a feed (admins only)."""
    t = await translator_of(update, context)
    url = _feed_url(update)
    if url is None:
        await answer(update, context, t.gettext(USAGE, command="removefeed"))
        return
    removed = await blocking(remove_feed, context.services.db, url)
    if removed:
        text = t.gettext("No longer following {url}.", url=esc(url))
    else:
        text = t.gettext("{url} was not followed.", url=esc(url))
    await answer(update, context, text)


COMMANDS = [
    Command(
        "sources",
        N_("The feeds followed and their health"),
        N_("the feeds followed, their sites and whether they work"),
        sources,
    ),
    Command(
        "addfeed",
        N_("Follow a feed (admins)"),
        N_("/addfeed https://example.com/rss.xml: read a feed and follow it"),
        add_feed_command,
        admin_only=True,
        in_menu=False,
        block=False,  # fetching the feed takes a moment
    ),
    Command(
        "removefeed",
        N_("Stop following a feed (admins)"),
        N_("/removefeed https://example.com/rss.xml: stop following a feed"),
        remove_feed_command,
        admin_only=True,
        in_menu=False,
    ),
]
