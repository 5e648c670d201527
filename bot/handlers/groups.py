"""What Telegram says about a chat itself: a group upgraded to a supergroup gets a new id.

The upgrade posts a service message in both chats. Following it at once keeps the group's
subscription, settings and chat data (its language) under the new id, so the supergroup's
first /settings finds them; waiting for a send to fail with "migrated" would leave the
members facing "not subscribed" in between, and a /subscribe there would start afresh.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.handlers.common import Handler, blocking
from bot.storage.models import utcnow
from bot.storage.subscribers import follow_chat

__all__ = ["HANDLERS"]


async def migrated(update: Update, context: BotContext) -> None:
    """Either service message of an upgrade: move the group's subscription and chat data."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if message.migrate_to_chat_id:
        old, new = chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, chat.id
    else:
        return
    await blocking(follow_chat, context.services.db, old, new, utcnow())
    if old in context.application.chat_data:
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)


HANDLERS: list[Handler] = [MessageHandler(filters.StatusUpdate.MIGRATE, migrated)]
