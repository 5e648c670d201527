"""Who may change a chat's subscription and settings: anyone in a private chat, only the
chat's administrators and creator in a group.

Without this any member of a group could unsubscribe it or switch its language for everyone.
Reading (/latest, /story, /summary, /help, /settings without arguments) stays open to all; only
what changes the chat asks Telegram, once per change, whether the sender is an administrator.
Nothing is cached: a member promoted or demoted a minute ago is judged as they are now.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.context import BotContext
from bot.handlers.common import answer, translator_of
from bot.i18n import N_

__all__ = [
    "ADMINS_ONLY",
    "CHECK_FAILED",
    "MAY_CHANGE",
    "change_refusal",
    "refuse_change",
    "sent_as_the_chat",
]

log = logging.getLogger(__name__)

ADMINS_ONLY = N_("Only this group's admins can change its subscription and settings.")
CHECK_FAILED = N_(
    "I could not check whether you are an admin of this group, so nothing was changed. "
    "Please try again in a minute."
)
MAY_CHANGE = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})
"""The member statuses that may change a group's subscription and settings."""
_GROUPS = frozenset({Chat.GROUP, Chat.SUPERGROUP})


def sent_as_the_chat(update: Update) -> bool:
    """A message an anonymous admin sent in the group's name (its sender_chat is the group):
    Telegram hides who wrote it, but only an admin can write as the group."""
    message, chat = update.effective_message, update.effective_chat
    sender = message.sender_chat if message is not None else None
    return chat is not None and sender is not None and sender.id == chat.id


async def change_refusal(update: Update, context: BotContext) -> str | None:
    """None when the sender may change this chat; else the message id of why not.

    A failed check refuses ("try again") rather than allows: a network blip must not open the
    group's settings to everyone.
    """
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type not in _GROUPS or sent_as_the_chat(update):
        return None  # private chats and channels: whoever can write here owns it
    if user is None:
        return ADMINS_ONLY
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("could not check user %s in chat %s: %s", user.id, chat.id, exc)
        return CHECK_FAILED
    return None if member.status in MAY_CHANGE else ADMINS_ONLY


async def refuse_change(update: Update, context: BotContext) -> bool:
    """For a command: True (after telling the sender why) when they may not change this chat."""
    refusal = await change_refusal(update, context)
    if refusal is None:
        return False
    await answer(update, context, (await translator_of(update, context)).gettext(refusal))
    return True
