"""/start, /help and /language: what the bot does, how to use it, and in which language."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.callbacks import STALE, encode
from bot.handlers.chat_admins import change_refusal, refuse_change
from bot.handlers.common import (
    LANGUAGE_KEY,
    Command,
    answer,
    blocking,
    command_args,
    edit_in_place,
    is_admin,
    save_prefs,
    subscription_of,
    translator_of,
)
from bot.i18n import LANGUAGES, N_, Translator, translator
from bot.render import esc
from bot.storage.models import utcnow
from bot.storage.subscribers import touch_subscriber

__all__ = ["COMMANDS", "LANGUAGE_NAMES", "render_help", "set_language"]

# Each language's name in itself, so a reader finds theirs whatever language they see now.
LANGUAGE_NAMES = {"uk": "Українська", "ru": "Русский", "en": "English"}
_LANGUAGE_WORDS = {
    **{code: code for code in LANGUAGE_NAMES},
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "ua": "uk", "ukrainian": "uk", "українською": "uk", "украинский": "uk",
    "russian": "ru", "російська": "ru", "по-русски": "ru", "русский": "ru",
    "англійська": "en", "английский": "en",
}  # fmt: skip
"""What `/language` takes: a code, a language's own name, or its name in English, Ukrainian or
Russian. Anything else gets the buttons: "rubbish" must not pick Russian by its first letters."""

GREETING = N_(
    "<b>Hello!</b> I follow the news about cease-fire talks across many outlets, fold the "
    "same development into one story and condense it into a few key points, each resting on "
    "sentences from the source.\n\n"
    "Send /subscribe to get new stories as they are found, /latest for the newest ones, or "
    "send me a link to condense any article. /help lists everything."
)


def render_help(commands: list[Command], t: Translator, admin: bool) -> str:
    """/help from the command records: everyone's commands, then the admins' for admins."""
    lines = ["<b>" + t.gettext("Commands") + "</b>"]
    lines += [f"/{c.name}: {t.gettext(c.help)}" for c in commands if not c.admin_only]
    lines.append("")
    lines.append(
        t.gettext("Send me a link or forward a post and I will summarize it, as /summary does.")
    )
    if admin:
        lines += ["", "<b>" + t.gettext("Admins") + "</b>"]
        lines += [f"/{c.name}: {t.gettext(c.help)}" for c in commands if c.admin_only]
    return "\n".join(lines)


async def start(update: Update, context: BotContext) -> None:
    """Greet the user and explain what the bot does."""
    if update.effective_chat is not None:
        await blocking(touch_subscriber, context.services.db, update.effective_chat.id, utcnow())
    await answer(update, context, (await translator_of(update, context)).gettext(GREETING))


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands with examples, generated from every module's records."""
    from bot.handlers import all_commands

    t = await translator_of(update, context)
    await answer(update, context, render_help(all_commands(), t, is_admin(update, context)))


async def set_language(update: Update, context: BotContext, lang: str) -> None:
    """Remember a chat's language choice: with its subscription (kept across restarts and
    used for its pushes) when it has one, and in chat_data for chats without one."""
    if context.chat_data is not None:
        context.chat_data[LANGUAGE_KEY] = lang
    info = await subscription_of(update, context)
    if info is not None and info.prefs.language != lang:
        await save_prefs(update, context, replace(info.prefs, language=lang))


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(LANGUAGE_NAMES[lang], callback_data=encode("lang", lang))
                for lang in LANGUAGES
            ]
        ]
    )


async def language_command(update: Update, context: BotContext) -> None:
    """`/language uk|ru|en` switches the bot's language; without an argument, buttons."""
    wanted = _LANGUAGE_WORDS.get(command_args(update).lower().strip(" ./"), "")
    if wanted in LANGUAGES:
        if await refuse_change(update, context):
            return
        await set_language(update, context, wanted)
        t = translator(wanted)
        await answer(update, context, t.gettext("I will write in English from now on."))
        return
    t = await translator_of(update, context)
    names = ", ".join(f"/language {code} ({esc(name)})" for code, name in LANGUAGE_NAMES.items())
    text = t.gettext("Choose a language: {choices}", choices=names)
    await answer(update, context, text, reply_markup=language_keyboard())


COMMANDS = [
    Command("start", N_("What this bot does"), N_("what this bot does"), start),
    Command("help", N_("Commands, with examples"), N_("this list"), help_command),
    Command(
        "language",
        N_("Language: Українська, Русский, English"),
        N_("/language uk, /language ru or /language en: the language I write in"),
        language_command,
    ),
]


async def choose_language(update: Update, context: BotContext, value: str) -> str | None:
    """A language button: remember the choice and confirm in the new language."""
    if value not in LANGUAGES:
        return (await translator_of(update, context)).gettext(STALE)
    refusal = await change_refusal(update, context)
    if refusal is not None:
        return (await translator_of(update, context)).gettext(refusal)
    await set_language(update, context, value)
    await edit_in_place(update, translator(value).gettext("I will write in English from now on."))
    return None


CALLBACKS = {"lang": choose_language}
