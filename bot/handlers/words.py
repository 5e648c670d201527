"""/filter: the words a chat's stories must (+) or must not (-) mention.

`/filter` shows them, `/filter +prisoner exchange -sanctions` adds, `/filter clear` removes all.
The edit is all or nothing: any bad phrase, or too many in all, stores nothing and says why.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.chat_admins import refuse_change
from bot.handlers.choices import preference_error, render_words
from bot.handlers.common import (
    NOT_SUBSCRIBED,
    Command,
    answer,
    command_args,
    reader_of,
    save_prefs,
)
from bot.i18n import N_
from bot.preferences import PreferenceError, apply_filter, parse_filter
from bot.render import esc

__all__ = ["COMMANDS"]

USAGE = N_(
    "/filter +prisoner exchange -sanctions: stories must mention a + phrase and never a - "
    "one; /filter clear removes them all."
)
LANGUAGES = N_(
    "A word also finds its other forms (prisoner: prisoners; обмін: обміну), in the language "
    "each story is written in: for outlets in other languages, add the word in those too."
)


async def filter_command(update: Update, context: BotContext) -> None:
    """Show, add to or clear the chat's word filters."""
    chat = update.effective_chat
    if chat is None:
        return
    reader = await reader_of(update, context)
    t = reader.t
    info = reader.subscription
    if info is None:
        await answer(update, context, t.gettext(NOT_SUBSCRIBED))
        return
    args = command_args(update)
    try:
        edit = parse_filter(args)
        prefs = apply_filter(info.prefs, edit)
    except PreferenceError as exc:
        # How to write a filter is help, open to every member like /filter itself.
        text = esc(preference_error(exc).render(t)) + "\n" + t.gettext(USAGE)
        await answer(update, context, text)
        return
    if args and await refuse_change(update, context):
        return
    if prefs == info.prefs:
        usage = t.gettext(USAGE) + " " + t.gettext(LANGUAGES)
        await answer(update, context, render_words(prefs, t) + "\n\n" + usage)
        return
    saved = await save_prefs(update, context, prefs)
    if saved is not None:
        # A reader who filters on "+обмін" would otherwise lose every English report.
        hint = "\n\n" + t.gettext(LANGUAGES) if saved.prefs.include else ""
        await answer(
            update, context, t.gettext("Saved.") + "\n" + render_words(saved.prefs, t) + hint
        )


COMMANDS = [
    Command(
        "filter",
        N_("Words stories must or must not mention"),
        N_(
            "show your words; /filter +prisoner exchange -sanctions: only stories that "
            "mention a + phrase and none with a - phrase; /filter clear: remove them all"
        ),
        filter_command,
    ),
]
