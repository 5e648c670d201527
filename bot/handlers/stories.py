"""/latest [n]: the newest stories with key points, sources and age."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import answer, blocking, command_args
from bot.render import render_stories
from bot.storage.models import utcnow
from bot.storage.stories import latest_stories

__all__ = ["HANDLERS", "MAX_LATEST", "parse_count"]

MAX_LATEST = 20


class CountError(ValueError):
    """The argument of /latest is not a usable number."""


def parse_count(args: str, default: int) -> int:
    """Read `/latest [n]`: a whole number from 1 to MAX_LATEST, `default` when absent."""
    if not args:
        return default
    try:
        count = int(args.split()[0])
    except ValueError:
        raise CountError(f"Use /latest or /latest N, with N from 1 to {MAX_LATEST}.") from None
    if not 1 <= count <= MAX_LATEST:
        raise CountError(f"N must be from 1 to {MAX_LATEST}.")
    return count


async def latest(update: Update, context: BotContext) -> None:
    """Show the newest n stories (default from LATEST_DEFAULT_COUNT)."""
    services = context.services
    try:
        count = parse_count(command_args(update), services.settings.latest_default_count)
    except CountError as exc:
        await answer(update, context, str(exc))
        return
    stories = await blocking(latest_stories, services.db, count, services.topic.key)
    await answer(update, context, render_stories(stories, utcnow()))


HANDLERS = [CommandHandler("latest", latest)]
