"""/stats for admins: subscribers, stories, feeds and the state of the outbox."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import ADMIN_ONLY, answer, blocking, is_admin
from bot.render import esc
from bot.storage.stats import gather_stats

__all__ = ["HANDLERS"]


async def stats(update: Update, context: BotContext) -> None:
    """Show counts for admins; refuse politely otherwise."""
    if not is_admin(update, context):
        await answer(update, context, ADMIN_ONLY)
        return
    found = await blocking(gather_stats, context.services.db)
    outbox = ", ".join(f"{esc(k)} {v}" for k, v in sorted(found.deliveries.items())) or "empty"
    text = (
        "<b>Stats</b>\n"
        f"Subscribers: {found.subscribers} ({found.active_subscriptions} subscribed, "
        f"{found.blocked} blocked the bot)\n"
        f"Stories: {found.stories}\nFeeds: {found.feeds}\nOutbox: {outbox}"
    )
    await answer(update, context, text)


HANDLERS = [CommandHandler("stats", stats)]
