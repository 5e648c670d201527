"""/start and /help: what the bot does and how to use it."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import answer, blocking
from bot.storage.models import utcnow
from bot.storage.subscribers import touch_subscriber

__all__ = ["COMMANDS", "HANDLERS"]

COMMANDS = [
    BotCommand("start", "What this bot does"),
    BotCommand("help", "Commands, with examples"),
    BotCommand("subscribe", "Get new stories as they are found"),
    BotCommand("unsubscribe", "Stop getting stories"),
    BotCommand("settings", "Instant pushes or digests, quiet hours"),
    BotCommand("latest", "The newest stories, e.g. /latest 3"),
    BotCommand("summary", "Key points of a link, a text, or a replied message"),
    BotCommand("sources", "The feeds followed and their health"),
]

GREETING = (
    "<b>Hello!</b> I follow the news about cease-fire talks across many outlets, fold the "
    "same development into one story and condense it into a few key points, each resting on "
    "sentences from the source.\n\n"
    "Send /subscribe to get new stories as they are found, /latest for the newest ones, or "
    "/summary with a link to condense any article. /help lists everything."
)

HELP = """<b>Commands</b>
/subscribe: get every new story as it is found (stories from before you subscribe are not sent)
/unsubscribe: stop
/settings: show how you get stories
/settings instant: every story as soon as it is found (default)
/settings digest 08:00,20:00 Europe/Kyiv: one digest at those local times
/settings quiet 23:00-07:00: hold pushes during these hours; /settings quiet off
/latest or /latest 3: the newest stories with key points and sources
/summary https://example.com/article: key points of a web page
/summary followed by pasted text, or /summary as a reply to a message
/sources: the feeds followed and whether they work

<b>Admins</b>
/stats, /addfeed &lt;url&gt;, /removefeed &lt;url&gt;"""


async def start(update: Update, context: BotContext) -> None:
    """Greet the user and explain what the bot does."""
    if update.effective_chat is not None:
        await blocking(touch_subscriber, context.services.db, update.effective_chat.id, utcnow())
    await answer(update, context, GREETING)


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands with examples."""
    await answer(update, context, HELP)


HANDLERS = [CommandHandler("start", start), CommandHandler("help", help_command)]
