"""/stats for admins: subscribers, stories, feeds and the state of the outbox."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import Command, answer, blocking, translator_of
from bot.i18n import N_
from bot.render import esc
from bot.storage.feeds import list_feeds
from bot.storage.stats import gather_stats

__all__ = ["COMMANDS"]


async def stats(update: Update, context: BotContext) -> None:
    """Show counts for admins (the admin check is generated from the record)."""
    t = await translator_of(update, context)
    db = context.services.db
    found = await blocking(gather_stats, db)
    # The feeds /sources lists (the followed ones), not every row ever added.
    feeds = len(await blocking(list_feeds, db))
    empty = t.gettext("empty")
    outbox = ", ".join(f"{esc(k)} {v}" for k, v in sorted(found.deliveries.items())) or empty
    text = t.gettext(
        "<b>Stats</b>\n"
        "Subscribers: {subscribers} ({active} subscribed, {blocked} blocked the bot)\n"
        "Stories: {stories}\nFeeds followed: {feeds}\nOutbox: {outbox}",
        subscribers=found.subscribers,
        active=found.active_subscriptions,
        blocked=found.blocked,
        stories=found.stories,
        feeds=feeds,
        outbox=outbox,
    )
    await answer(update, context, text)


COMMANDS = [
    Command(
        "stats",
        N_("Counts for admins"),
        N_("subscribers, stories, feeds and the outbox"),
        stats,
        admin_only=True,
        in_menu=False,
    ),
]
