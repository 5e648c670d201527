"""/sources for everyone; /addfeed and /removefeed for admins."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import ADMIN_ONLY, answer, blocking, command_args, is_admin
from bot.render import esc, render_feeds
from bot.storage.feeds import add_feed, list_feeds, remove_feed
from bot.storage.models import utcnow

__all__ = ["HANDLERS"]


async def sources(update: Update, context: BotContext) -> None:
    """List the feeds followed and their health."""
    feeds = await blocking(list_feeds, context.services.db)
    await answer(update, context, render_feeds(feeds, utcnow()))


def _feed_url(update: Update) -> str | None:
    url = command_args(update).split(maxsplit=1)[0] if command_args(update) else ""
    return url if url.startswith(("http://", "https://")) else None


async def _admin_feed_url(update: Update, context: BotContext, command: str) -> str | None:
    """The feed URL an admin gave, or None after telling the user why not."""
    if not is_admin(update, context):
        await answer(update, context, ADMIN_ONLY)
        return None
    url = _feed_url(update)
    if url is None:
        await answer(update, context, f"Usage: /{command} https://example.com/rss.xml")
    return url


async def add_feed_command(update: Update, context: BotContext) -> None:
    """Follow a new feed (admins only)."""
    url = await _admin_feed_url(update, context, "addfeed")
    if url is None:
        return
    added = await blocking(add_feed, context.services.db, url)
    if added:
        text = f"Following {esc(url)}; it is read at the next poll."
    else:
        text = f"{esc(url)} was already followed."
    await answer(update, context, text)


async def remove_feed_command(update: Update, context: BotContext) -> None:
    """Stop following a feed (admins only)."""
    url = await _admin_feed_url(update, context, "removefeed")
    if url is None:
        return
    removed = await blocking(remove_feed, context.services.db, url)
    text = f"No longer following {esc(url)}." if removed else f"{esc(url)} was not followed."
    await answer(update, context, text)


HANDLERS = [
    CommandHandler("sources", sources),
    CommandHandler("addfeed", add_feed_command),
    CommandHandler("removefeed", remove_feed_command),
]
