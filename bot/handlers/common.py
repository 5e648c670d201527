"""What every handler module shares: the command record, the reader's language, answering.

A command module exports `COMMANDS`, a list of `Command` records; `/help`, the command menu in
each language and the admin check are all generated from those records (see `bot.handlers`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from telegram import InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler

from bot.context import BotContext
from bot.delivery.send import send_html
from bot.i18n import LANGUAGES, N_, Translator, pick_language, translator
from bot.preferences import Preferences
from bot.storage.models import utcnow
from bot.storage.subscribers import SubscriptionInfo, get_subscription, update_prefs

__all__ = [
    "NOT_SUBSCRIBED",
    "ADMIN_ONLY",
    "LANGUAGE_KEY",
    "Command",
    "Handler",
    "Reader",
    "answer",
    "blocking",
    "command_args",
    "edit_in_place",
    "is_admin",
    "language_of",
    "reader_of",
    "save_prefs",
    "subscription_of",
    "translator_for",
    "translator_of",
    "zone_of",
]

P = ParamSpec("P")
T = TypeVar("T")

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
Handler = BaseHandler[Update, BotContext, None]

NOT_SUBSCRIBED = N_("You are not subscribed yet: send /subscribe first.")
ADMIN_ONLY = N_("Sorry, only the bot's admins can do that.")
LANGUAGE_KEY = "language"  # chat_data key set by /language


@dataclass(frozen=True)
class Command:
    """One slash command: everything /help, the menu and the dispatcher need to know.

    `description` (menu, one line) and `help` (the /help entry, may list examples on several
    lines) are English message ids marked with N_; they are translated when shown.
    """

    name: str
    description: str
    help: str
    callback: Callback
    admin_only: bool = False
    in_menu: bool = True
    block: bool = True  # False for slow commands, so other updates are handled meanwhile


@dataclass(frozen=True)
class Reader:
    """Who reads the answer: their language and zone, and their subscription (None: none)."""

    t: Translator
    zone: str
    subscription: SubscriptionInfo | None

    @property
    def lang(self) -> str:
        return self.t.lang


def _unstored_language(update: Update, context: BotContext) -> str:
    chosen = context.chat_data.get(LANGUAGE_KEY) if context.chat_data is not None else None
    if isinstance(chosen, str):
        return chosen
    user = update.effective_user
    return pick_language(user.language_code if user is not None else None)


async def subscription_of(update: Update, context: BotContext) -> SubscriptionInfo | None:
    """The chat's subscription to this bot's topic (active or not), read off the event loop."""
    chat = update.effective_chat
    if chat is None:
        return None
    services = context.services
    return await blocking(get_subscription, services.db, chat.id, services.topic.key)


async def save_prefs(
    update: Update, context: BotContext, prefs: Preferences
) -> SubscriptionInfo | None:
    """Store the chat's new preferences (None when it has no subscription), off the event loop.

    Waiting updates are rescheduled with the bot's own cooldown, as fan-out plans them."""
    chat = update.effective_chat
    if chat is None:
        return None
    services = context.services
    return await blocking(
        update_prefs,
        services.db,
        chat.id,
        prefs,
        utcnow(),
        services.topic.key,
        services.sender.cooldown,
    )


async def reader_of(update: Update, context: BotContext) -> Reader:
    """Language and zone in one database read.

    The language stored with the subscription wins (it follows the chat across restarts), then
    a /language choice of a chat without a subscription, then the Telegram app's language. The
    stored choice is also kept in chat_data, so `translator_for` (which cannot wait for the
    database, e.g. in the error handler) agrees with it.
    """
    info = await subscription_of(update, context)
    lang = info.prefs.language if info is not None else None
    if lang in LANGUAGES:
        if context.chat_data is not None:
            context.chat_data[LANGUAGE_KEY] = lang
    else:
        lang = _unstored_language(update, context)
    zone = info.prefs.timezone if info is not None else "UTC"
    return Reader(translator(str(lang)), zone, info)


async def language_of(update: Update, context: BotContext) -> str:
    """The reader's language: stored with their subscription, else /language, else their app's."""
    return (await reader_of(update, context)).lang


async def translator_of(update: Update, context: BotContext) -> Translator:
    return (await reader_of(update, context)).t


def translator_for(update: Update, context: BotContext) -> Translator:
    """The reader's language without a database read (last known choice, else the app's);
    for places that cannot wait, such as the error handler. Handlers use `translator_of`."""
    return translator(_unstored_language(update, context))


async def answer(
    update: Update, context: BotContext, text: str, *, quote: bool = True, **kwargs: Any
) -> Message | None:
    """Answer in the chat the update came from, as a reply to the user's message.

    Split under Telegram's limit with the plain-text fallback (send_html). The reply survives a
    deleted original (allow_sending_without_reply).
    """
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.effective_message
    if quote and message is not None and update.callback_query is None:
        kwargs["reply_parameters"] = ReplyParameters(
            message.message_id, allow_sending_without_reply=True
        )
    elif message is not None and getattr(message, "is_topic_message", False):
        # A button's answer is no reply; in a forum it would land in the General topic.
        kwargs.setdefault("message_thread_id", message.message_thread_id)
    return await send_html(context.bot, chat.id, text, **kwargs)


async def edit_in_place(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> bool:
    """Show `text` (and `keyboard`, else none) in the message whose button was pressed; False
    when nothing changed.

    A double tap asks for what is already shown, which Telegram refuses as "not modified":
    that is no error, but tells the caller this press was a repeat.
    """
    query = update.callback_query
    if query is None or query.message is None:
        return False
    try:
        await query.edit_message_text(text, reply_markup=keyboard or InlineKeyboardMarkup([]))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
        return False
    return True


async def blocking(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a database call (or other short blocking work) off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)


async def zone_of(update: Update, context: BotContext) -> str:
    """The reader's time zone: their subscription's, else UTC."""
    return (await reader_of(update, context)).zone


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
