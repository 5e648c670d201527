"""The bot's commands, generated from the `Command` records each handler module exports.

Adding a command touches one module: add a `Command` to its `COMMANDS`. The handlers (with
the admin check), `/help` and the command menu in each language all come from these records.
Button presses are routed by the modules' `CALLBACKS`; a private message that is no command is
summarized when it is a link or a forwarded post, and anything else in a private chat (text, a
sticker, a photo) gets a pointer to /help, as does an unknown command: in a group, only one
written to this bot by name.
"""

from __future__ import annotations

import functools

from telegram import Bot, BotCommand, Message, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.handlers import (
    admin,
    basic,
    callbacks,
    conflicts,
    feeds,
    groups,
    stories,
    subscriptions,
    summary,
    words,
)
from bot.handlers.common import ADMIN_ONLY, Callback, Command, Handler, answer, is_admin
from bot.handlers.common import translator_of as _translator_of
from bot.i18n import LANGUAGES, N_, translator

__all__ = ["ALL_HANDLERS", "all_commands", "menu", "register_menus"]

_MODULES = (basic, subscriptions, words, stories, summary, feeds, admin)
UNKNOWN_COMMAND = N_("I don't know that command; /help lists the ones I do.")


def all_commands() -> list[Command]:
    """Every command record, in the order /help and the menu show them."""
    return [command for module in _MODULES for command in module.COMMANDS]


def menu(lang: str) -> list[BotCommand]:
    """The command menu (setMyCommands) in `lang`: the commands everyone may use."""
    t = translator(lang)
    return [BotCommand(c.name, t.gettext(c.description)) for c in all_commands() if c.in_menu]


async def register_menus(bot: Bot) -> None:
    """Set the menu for each language, and English for every other language."""
    await bot.set_my_commands(menu("en"))
    for lang in LANGUAGES:
        await bot.set_my_commands(menu(lang), language_code=lang)


def _guarded(command: Command) -> Callback:
    """The command's callback, behind the admin check when the record says admin_only."""
    if not command.admin_only:
        return command.callback

    @functools.wraps(command.callback)
    async def admin_only(update: Update, context: BotContext) -> None:
        if not is_admin(update, context):
            await answer(
                update, context, (await _translator_of(update, context)).gettext(ADMIN_ONLY)
            )
            return
        await command.callback(update, context)

    return admin_only


class _AddressedToMe(filters.MessageFilter):
    """A command written to this bot by name ("/foo@our_bot"): in a group, other commands may
    be meant for other bots, but this one is surely ours."""

    def filter(self, message: Message) -> bool:
        command = (message.text or "").split(maxsplit=1)[0] if message.text else ""
        _, at, name = command.partition("@")
        return bool(at) and name.lower() == (message.get_bot().username or "").lower()


async def _unknown_command(update: Update, context: BotContext) -> None:
    await answer(update, context, (await _translator_of(update, context)).gettext(UNKNOWN_COMMAND))


def _handlers() -> list[Handler]:
    # An edit is no new request: PTB hands edited messages to these handlers too, and fixing a
    # typo in a /summary would run it (and answer) a second time.
    fresh = ~filters.UpdateType.EDITED
    found: list[Handler] = [
        CommandHandler(c.name, _guarded(c), filters=filters.UpdateType.MESSAGE, block=c.block)
        for c in all_commands()
    ]
    actions = {**basic.CALLBACKS, **stories.CALLBACKS, **conflicts.CALLBACKS}
    found.append(callbacks.handler(actions))
    found.extend(groups.HANDLERS)
    private = filters.ChatType.PRIVATE
    found.append(
        MessageHandler(fresh & (private | _AddressedToMe()) & filters.COMMAND, _unknown_command)
    )
    found.append(
        MessageHandler(
            fresh
            & private
            & ~filters.COMMAND
            & (filters.TEXT | filters.CAPTION | filters.FORWARDED),
            summary.summarize_message,
            block=False,
        )
    )
    # Stickers, photos without a caption, voice: a pointer too, not silence.
    found.append(
        MessageHandler(
            fresh & private & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
            summary.point_to_help,
        )
    )
    return found


ALL_HANDLERS: list[Handler] = _handlers()
