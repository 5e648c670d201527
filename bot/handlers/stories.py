"""/latest [n]: the newest stories as a compact list, with buttons for key points and paging.

One line per story (time, headline, outlet count) keeps a page in one message, so a story is
never split between messages; a story's key points open in their own message from its button.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.handlers.callbacks import encode, params
from bot.handlers.common import (
    Command,
    answer,
    blocking,
    command_args,
    translator_for,
    zone_of,
)
from bot.i18n import N_, LocalizedError, Translator
from bot.render import esc, render_latest, render_story
from bot.storage.stories import get_story, latest_stories

__all__ = ["CALLBACKS", "COMMANDS", "MAX_LATEST", "CountError", "parse_count"]

MAX_LATEST = 20
BUTTONS_PER_ROW = 5
MAX_PAGES = 10  # paging reads offset + n stories; older ones are in the archive, not in chat


class CountError(LocalizedError):
    """The argument of /latest is not a usable number."""


def parse_count(args: str, default: int) -> tuple[int, int | None]:
    """Read `/latest [n]`: (count to show, the larger count asked for or None).

    More than MAX_LATEST shows MAX_LATEST and says so rather than refusing.
    """
    if not args:
        return min(default, MAX_LATEST), None
    word = args.split()[0]
    if not word.isdigit() or int(word) < 1:
        raise CountError(
            "latest.count",
            N_("Use /latest or /latest N, with N a whole number from 1 to {max}."),
            max=MAX_LATEST,
        )
    count = int(word)
    return (MAX_LATEST, count) if count > MAX_LATEST else (count, None)


def _keyboard(
    t: Translator, ids: list[int], start: int, page: int, count: int, more: bool
) -> InlineKeyboardMarkup:
    numbers = [
        InlineKeyboardButton(str(start + i + 1), callback_data=encode("story", str(story_id)))
        for i, story_id in enumerate(ids)
    ]
    rows = [numbers[i : i + BUTTONS_PER_ROW] for i in range(0, len(numbers), BUTTONS_PER_ROW)]
    nav: list[InlineKeyboardButton] = []
    if page > 0:
        data = encode("latest", f"page={page - 1},n={count}")
        nav.append(InlineKeyboardButton(t.gettext("‹ Newer"), callback_data=data))
    if more and page + 1 < MAX_PAGES:
        data = encode("latest", f"page={page + 1},n={count}")
        nav.append(InlineKeyboardButton(t.gettext("Older ›"), callback_data=data))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


async def _page(
    update: Update, context: BotContext, page: int, count: int, capped_from: int | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    t = translator_for(update, context)
    start = page * count
    found = await blocking(latest_stories, services.db, start + count + 1, services.topic.key)
    stories = found[start : start + count]
    zone = await zone_of(update, context)
    text = render_latest(stories, start=start, lang=t.lang, zone=zone, capped_from=capped_from)
    more = len(found) > start + count
    return text, _keyboard(t, [s.id for s in stories], start, page, count, more)


async def latest(update: Update, context: BotContext) -> None:
    """The newest n stories (default from LATEST_DEFAULT_COUNT) as a list with buttons."""
    t = translator_for(update, context)
    try:
        count, asked = parse_count(
            command_args(update), context.services.settings.latest_default_count
        )
    except CountError as exc:
        await answer(update, context, esc(exc.render(t)))
        return
    text, keyboard = await _page(update, context, 0, count, asked)
    await answer(update, context, text, reply_markup=keyboard)


async def open_story(update: Update, context: BotContext, value: str) -> str | None:
    """A story's number button: its key points and sources in a message of their own."""
    t = translator_for(update, context)
    story = await blocking(get_story, context.services.db, int(value)) if value.isdigit() else None
    if story is None:
        return t.gettext("That story is no longer available.")
    zone = await zone_of(update, context)
    await answer(update, context, render_story(story, lang=t.lang, zone=zone))
    return None


async def turn_page(update: Update, context: BotContext, value: str) -> str | None:
    """A paging button: the same message shows the next or previous page."""
    found = params(value)
    page = min(max(found.get("page", 0), 0), MAX_PAGES - 1)
    count = min(max(found.get("n", MAX_LATEST), 1), MAX_LATEST)
    text, keyboard = await _page(update, context, page, count)
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
        except BadRequest as exc:
            # A double tap asks for the page already shown; anything else is a real error.
            if "not modified" not in exc.message.lower():
                raise
    return None


COMMANDS = [
    Command(
        "latest",
        N_("The newest stories, e.g. /latest 5"),
        N_("/latest or /latest 5: the newest stories, one line each, with buttons"),
        latest,
    ),
]
CALLBACKS = {"story": open_story, "latest": turn_page}
