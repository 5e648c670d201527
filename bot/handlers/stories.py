"""/latest [all] [n] and /story N: the newest stories as a compact list, and a story's timeline.

A story's number is its id everywhere: the "#1234" its /latest line and button show is the N
of /story N. One line per story (number, time, headline, outlet count) keeps a page in one
message, so a story is never split between messages; a story's key points open in their own
message from its button, and its timeline (first report, each update) from the Timeline
button there or /story N.
A subscriber's list shows the conflicts they follow; `/latest all` and non-subscribers see all.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.callbacks import encode, params
from bot.handlers.choices import conflict_names, conflicts_label
from bot.handlers.common import (
    Command,
    Reader,
    answer,
    blocking,
    command_args,
    edit_in_place,
    reader_of,
)
from bot.i18n import N_, LocalizedError, Translator
from bot.preferences import ALL_CONFLICTS
from bot.render import (
    esc,
    published_time,
    render_latest,
    render_story,
    render_time,
    story_headline,
)
from bot.render_points import corrected_lines, withdrawn_lines
from bot.storage.stories import StoryView, TimelineEntry, get_story, latest_stories, story_timeline

__all__ = [
    "CALLBACKS",
    "COMMANDS",
    "MAX_LATEST",
    "CountError",
    "parse_count",
    "parse_latest",
    "render_timeline",
]

ALL_WORDS = frozenset({"all", "всі", "усі", "все"})

MAX_LATEST = 20
BUTTONS_PER_ROW = 5
MAX_PAGES = 10  # paging reads offset + n stories; older ones are in the archive, not in chat
# str.isdigit() also accepts "²" and other digits int() cannot read, and a 20-digit id overflows
# SQLite's integer: a number a reader types is plain ASCII digits, nine at most.
_NUMBER = re.compile(r"[0-9]{1,9}")


class CountError(LocalizedError):
    """The argument of /latest is not a usable number."""


def _number(word: str) -> int | None:
    """The number a reader typed (a story id, a count) or a button carries; None if it is none."""
    return int(word) if _NUMBER.fullmatch(word) else None


def parse_count(args: str, default: int) -> tuple[int, int | None]:
    """Read `/latest [n]`: (count to show, the larger count asked for or None).

    More than MAX_LATEST shows MAX_LATEST and says so rather than refusing.
    """
    if not args:
        return min(default, MAX_LATEST), None
    count = _number(args.split()[0])
    if count is None or count < 1:
        raise CountError(
            "latest.count",
            N_("Use /latest or /latest N, with N a whole number from 1 to {max}."),
            max=MAX_LATEST,
        )
    return (MAX_LATEST, count) if count > MAX_LATEST else (count, None)


def parse_latest(args: str, default: int) -> tuple[bool, int, int | None]:
    """Read `/latest [all] [n]` (either order): (every conflict?, count, larger count asked)."""
    words = args.split()
    every = any(w.casefold() in ALL_WORDS for w in words)
    rest = " ".join(w for w in words if w.casefold() not in ALL_WORDS)
    return (every, *parse_count(rest, default))


def _keyboard(
    t: Translator,
    ids: list[int],
    page: int,
    count: int,
    more: bool,
    every: bool = False,
) -> InlineKeyboardMarkup:
    """A button per story, labelled with the number its line shows ("#1234", which /story
    takes too), then the paging buttons."""
    numbers = [
        InlineKeyboardButton(f"#{story_id}", callback_data=encode("story", str(story_id)))
        for story_id in ids
    ]
    rows = [numbers[i : i + BUTTONS_PER_ROW] for i in range(0, len(numbers), BUTTONS_PER_ROW)]
    nav: list[InlineKeyboardButton] = []
    scope = ",all=1" if every else ""
    if page > 0:
        data = encode("latest", f"page={page - 1},n={count}{scope}")
        nav.append(InlineKeyboardButton(t.gettext("‹ Newer"), callback_data=data))
    if more and page + 1 < MAX_PAGES:
        data = encode("latest", f"page={page + 1},n={count}{scope}")
        nav.append(InlineKeyboardButton(t.gettext("Older ›"), callback_data=data))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def _followed(reader: Reader, every: bool) -> tuple[str, ...] | None:
    """The conflicts the list keeps: an active subscription's, or None for every story."""
    info = reader.subscription
    if every or info is None or not info.active or ALL_CONFLICTS in info.prefs.conflicts:
        return None
    return info.prefs.conflicts


async def _page(
    update: Update,
    context: BotContext,
    page: int,
    count: int,
    capped_from: int | None = None,
    every: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    reader = await reader_of(update, context)
    t = reader.t
    start = page * count
    conflicts = _followed(reader, every)
    found = await blocking(
        latest_stories, services.db, count + 1, services.topic.key, conflicts, start
    )
    stories, more = found[:count], len(found) > count
    text = render_latest(
        stories, start=start, lang=t.lang, zone=reader.zone, capped_from=capped_from, more=more
    )
    if conflicts is not None:
        names = conflict_names(services.topic, t.lang)
        text += "\n" + t.gettext(
            "Only {conflicts}, the conflicts you follow; /latest all shows every one.",
            conflicts=esc(conflicts_label(conflicts, names, t)),
        )
    return text, _keyboard(t, [s.id for s in stories], page, count, more, every)


async def latest(update: Update, context: BotContext) -> None:
    """The newest n stories of the chat's conflicts (or all) as a list with buttons."""
    try:
        every, count, asked = parse_latest(
            command_args(update), context.services.settings.latest_default_count
        )
    except CountError as exc:
        t = (await reader_of(update, context)).t
        await answer(update, context, esc(exc.render(t)))
        return
    text, keyboard = await _page(update, context, 0, count, asked, every)
    await answer(update, context, text, reply_markup=keyboard)


async def open_story(update: Update, context: BotContext, value: str) -> str | None:
    """A story's number button: its key points and sources in a message of their own."""
    reader = await reader_of(update, context)
    t = reader.t
    number = _number(value)
    services = context.services
    story = (
        await blocking(get_story, services.db, number, services.topic.key)
        if number is not None
        else None
    )
    if story is None:
        return t.gettext("That story is no longer available.")
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("Timeline"), callback_data=encode("tl", str(story.id)))]]
    )
    text = render_story(story, lang=t.lang, zone=reader.zone)
    await answer(update, context, text, reply_markup=keyboard)
    return None


def render_timeline(
    story: StoryView, entries: list[TimelineEntry], t: Translator, zone: str
) -> str:
    """A story's history (HTML): its first report, then each update, with the time, the
    outlets reporting it by then and the points that revision added (a correction with
    what it changed)."""
    lines = [
        t.gettext(
            "<b>Timeline:</b> {title} (/story {id})",
            title=esc(story_headline(story)),
            id=story.id,
        )
    ]
    for entry in entries:
        # The first report is dated as its push was: when it came out, not when it was read.
        at = published_time(story) if entry.number <= 1 else entry.created_at
        when = esc(render_time(at, zone, t.lang))
        outlets = t.ngettext("{n} outlet", "{n} outlets", len(set(entry.outlets)) or 1)
        if entry.number <= 1:
            step = t.gettext("First report")
        else:
            step = t.gettext("Update {number}", number=entry.number - 1)
        names = esc(", ".join(dict.fromkeys(entry.outlets)))
        lines.append("")
        lines.append(
            f"<i>{when}</i> · <b>{esc(step)}</b> · {outlets}" + (f": {names}" if names else "")
        )
        corrections = {point.text: point for point in entry.corrections}
        for point in entry.new_points:
            lines.append(f"• {esc(point)}")
            if point in corrections:
                lines += corrected_lines(corrections[point], t.lang)
        lines += withdrawn_lines(entry.withdrawn, t.lang)
        if not (entry.new_points or entry.withdrawn):
            lines.append(t.gettext("(more outlets, no new points)"))
    return "\n".join(lines)


async def _timeline(update: Update, context: BotContext, story_id: int) -> bool:
    """Send the timeline of `story_id`; False when there is no such story (yet)."""
    reader = await reader_of(update, context)
    db = context.services.db
    story = await blocking(get_story, db, story_id, context.services.topic.key)
    entries = await blocking(story_timeline, db, story_id) if story is not None else []
    if story is None or not entries:
        return False
    await answer(update, context, render_timeline(story, entries, reader.t, reader.zone))
    return True


STORY_USAGE = N_(
    "Send /story N with a story's number, e.g. /story 42 for the story /latest lists as #42."
)


async def story_command(update: Update, context: BotContext) -> None:
    """`/story N`: how story N developed, from its first report through each update."""
    word = command_args(update).split()[0] if command_args(update) else ""
    word = word.removeprefix("#")
    number = _number(word)
    if not (number is not None and await _timeline(update, context, number)):
        t = (await reader_of(update, context)).t
        if not word:
            await answer(update, context, esc(t.gettext(STORY_USAGE)))
            return
        text = t.gettext(
            "I have no story {value!r}. Send /story N with a story's number, e.g. /story 42 for "
            "the story /latest lists as #42.",
            value=word,
        )
        await answer(update, context, esc(text))


async def show_timeline(update: Update, context: BotContext, value: str) -> str | None:
    """A story's Timeline button."""
    number = _number(value)
    if number is not None and await _timeline(update, context, number):
        return None
    return (await reader_of(update, context)).t.gettext("That story is no longer available.")


async def turn_page(update: Update, context: BotContext, value: str) -> str | None:
    """A paging button: the same message shows the next or previous page."""
    found = params(value)
    page = min(max(found.get("page", 0), 0), MAX_PAGES - 1)
    count = min(max(found.get("n", MAX_LATEST), 1), MAX_LATEST)
    text, keyboard = await _page(update, context, page, count, every=found.get("all") == 1)
    await edit_in_place(update, text, keyboard)
    return None


COMMANDS = [
    Command(
        "latest",
        N_("The newest stories, e.g. /latest 5"),
        N_(
            "/latest or /latest 5: the newest stories of the conflicts you follow, one line "
            "each, with buttons; /latest all: of every conflict"
        ),
        latest,
    ),
    Command(
        "story",
        N_("How a story developed, e.g. /story 42"),
        N_(
            "/story 42: story 42 from its first report through each update, with the time, "
            "the outlets and what each update added"
        ),
        story_command,
    ),
]
CALLBACKS = {"story": open_story, "latest": turn_page, "tl": show_timeline}
