"""What every handler module shares: answering in HTML, running blocking work, the admin check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from telegram import Message, Update

from bot.context import BotContext
from bot.delivery.send import send_html

__all__ = ["ADMIN_ONLY", "answer", "blocking", "command_args", "is_admin"]

P = ParamSpec("P")
T = TypeVar("T")

ADMIN_ONLY = "Sorry, only the bot's admins can do that."


async def answer(update: Update, context: BotContext, text: str) -> Message | None:
    """Reply in the chat the update came from, split and with the plain-text fallback."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await send_html(context.bot, chat.id, text)


async def blocking(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a database call (or other short blocking work) off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)


def is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.settings.admin_ids


def command_args(update: Update) -> str:
    """The text after the command, line breaks kept (context.args would split on them)."""
    message = update.effective_message
    if message is None or not message.text:
        return ""
    first, _, rest = message.text.partition(" ")
    if "\n" in first:
        first, _, more = first.partition("\n")
        rest = more + (" " + rest if rest else "")
    return rest.strip()
