"""/subscribe, /unsubscribe and /settings: whether, how and when a chat gets stories."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.basic import LANGUAGE_NAMES
from bot.handlers.callbacks import encode
from bot.handlers.chat_admins import refuse_change
from bot.handlers.choices import (
    FALLBACK_CONFLICTS,
    conflict_names,
    parse_conflicts,
    preference_error,
    render_choices,
)
from bot.handlers.common import (
    NOT_SUBSCRIBED,
    Command,
    answer,
    blocking,
    command_args,
    language_of,
    reader_of,
    save_prefs,
    translator_of,
)
from bot.handlers.conflicts import ask_conflicts
from bot.i18n import N_, LocalizedError
from bot.preferences import MAX_POINTS, MIN_POINTS, PreferenceError, Preferences
from bot.render import esc
from bot.render_setup import render_prefs
from bot.scheduling import (
    ScheduleError,
    parse_quiet_hours,
    parse_times,
    parse_zone,
)
from bot.storage.models import utcnow
from bot.storage.subscribers import get_subscription, subscribe, unsubscribe

__all__ = ["COMMANDS", "parse_settings", "schedule_error"]

SETTINGS_USAGE = N_(
    "Examples:\n/settings instant\n/settings digest 08:00,20:00 Europe/Kyiv\n"
    "/settings quiet 23:00-07:00\n/settings quiet off\n/settings timezone Europe/Kyiv\n"
    "/settings conflicts ru-ua,sudan\n/settings conflicts all\n/settings points 5\n"
    "/filter +prisoner exchange -sanctions"
)
UNREADABLE = N_("I could not read {value!r}: {reason}")
UNKNOWN = N_("I don't know the setting {value!r}.")
DIGEST_WHEN = N_("Say when, like: /settings digest 08:00,20:00 Europe/Kyiv")
ZONE_HOW = N_("Give one zone name, like: /settings timezone Europe/Kyiv")
QUIET_HOW = N_("Give a range, like: /settings quiet 23:00-07:00 (or /settings quiet off)")
INSTANT_HOW = N_("Send /settings instant on its own: every story as soon as it is found.")
LANGUAGE_HOW = N_("The language is chosen with /language uk, /language ru or /language en.")
USAGE_OF = {
    "timezone": ZONE_HOW,
    "tz": ZONE_HOW,
    "zone": ZONE_HOW,
    "quiet": QUIET_HOW,
    "instant": INSTANT_HOW,
    "language": LANGUAGE_HOW,
    "lang": LANGUAGE_HOW,
}
"""A setting we know, written without its value or with too many: how to write it, rather
than "I don't know the setting 'timezone'"."""

# What bot.scheduling's ScheduleError says (English, for logs) -> the message a reader sees.
SCHEDULE_REASONS = (
    (
        "is not a time of day",
        N_("times of day are HH:MM on a 24-hour clock, like 08:00 or 23:30."),
    ),
    ("at least one time of day", N_("give at least one time of day, like 08:00,20:00.")),
    ("at most 12 digest times", N_("at most 12 digest times a day.")),
    (
        "is not a time zone",
        N_("that is not a time zone I know; use an Area/City name like Europe/Kyiv."),
    ),
    ("quiet hours are a range", N_("quiet hours are a range, like 23:00-07:00.")),
    ("different start and end", N_("quiet hours need different start and end times.")),
)
SCHEDULE_FALLBACK = N_(
    "times are HH:MM on a 24-hour clock (08:00, 23:00-07:00) and zones are names like Europe/Kyiv."
)


def schedule_error(error: ScheduleError) -> LocalizedError:
    """The reason a time, range or zone was refused, as a catalogue message."""
    text = str(error)
    message = next((m for part, m in SCHEDULE_REASONS if part in text), SCHEDULE_FALLBACK)
    return LocalizedError("settings.schedule", message)


def _points(rest: Sequence[str], current: Preferences) -> Preferences:
    if len(rest) != 1 or not re.fullmatch(r"\d{1,3}", rest[0]):
        raise PreferenceError("points_range", low=MIN_POINTS, high=MAX_POINTS)
    return current.with_points(int(rest[0]))


def _read(args: str, current: Preferences, conflicts: Mapping[str, str]) -> Preferences:
    words = args.split()
    head, rest = words[0].lower(), words[1:]
    if head == "instant" and not rest:
        return replace(current, mode="instant")
    if head == "digest":
        if not rest:
            raise LocalizedError("settings.digest_needs_times", DIGEST_WHEN)
        zone = current.timezone
        if ":" not in rest[-1] and not rest[-1][0].isdigit():
            zone = parse_zone(rest[-1]).key
            rest = rest[:-1]
        return replace(
            current, mode="digest", digest_times=parse_times(" ".join(rest)), timezone=zone
        )
    if head == "quiet" and rest:
        if rest[0].lower() == "off":
            return replace(current, quiet_start=None, quiet_end=None)
        start, end = parse_quiet_hours(rest[0])
        zone = parse_zone(rest[1]).key if len(rest) > 1 else current.timezone
        return replace(current, quiet_start=start, quiet_end=end, timezone=zone)
    if head in {"timezone", "tz", "zone"} and len(rest) == 1:
        return replace(current, timezone=parse_zone(rest[0]).key)
    if head in {"conflicts", "conflict"}:
        return replace(current, conflicts=parse_conflicts(" ".join(rest), conflicts))
    if head == "points":
        return _points(rest, current)
    if head in USAGE_OF:
        raise LocalizedError(f"settings.how.{head}", USAGE_OF[head])
    raise LocalizedError("settings.unknown", UNKNOWN, value=args)


def parse_settings(
    args: str, current: Preferences, conflicts: Mapping[str, str] | None = None
) -> Preferences:
    """Apply one /settings change to `current`; LocalizedError says what was unreadable.

    `conflicts` is key -> display name of the conflicts a chat may follow.
    """
    if not args.split():
        return current
    known = conflicts or {key: names["en"] for key, names in FALLBACK_CONFLICTS.items()}
    try:
        return _read(args, current, known)
    except ScheduleError as exc:
        raise LocalizedError(
            "settings.unreadable", UNREADABLE, value=args, reason=schedule_error(exc)
        ) from None
    except PreferenceError as exc:
        raise preference_error(exc) from None


async def subscribe_command(update: Update, context: BotContext) -> None:
    """Subscribe this chat, then ask which conflicts to follow (and, once, the time zone)."""
    if update.effective_chat is None or await refuse_change(update, context):
        return
    chat_id = update.effective_chat.id
    language = await language_of(update, context)
    db = context.services.db
    topic = context.services.topic.key
    created = await blocking(subscribe, db, chat_id, utcnow(), topic)
    info = await blocking(get_subscription, db, chat_id, topic)
    if info is not None and info.prefs.language is None:
        # The language the chat reads now follows it from here on (pushes, restarts).
        await save_prefs(update, context, replace(info.prefs, language=language))
    reader = await reader_of(update, context)
    _ = reader.t.gettext
    if not created:
        await answer(
            update, context, _("You are already subscribed. /settings shows how you get stories.")
        )
        return
    await ask_conflicts(update, context, reader, then_zone=True)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """Stop pushes to this chat."""
    if update.effective_chat is None or await refuse_change(update, context):
        return
    _ = (await translator_of(update, context)).gettext
    services = context.services
    removed = await blocking(
        unsubscribe, services.db, update.effective_chat.id, services.topic.key
    )
    if removed:
        text = _("Unsubscribed: no more pushes. /subscribe to start again.")
    else:
        text = _("You were not subscribed. /subscribe to start.")
    await answer(update, context, text)


def settings_keyboard(label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=encode("conf", "open"))]]
    )


async def settings_command(update: Update, context: BotContext) -> None:
    """Show or change delivery, quiet hours, zone, conflicts and key points per story."""
    if update.effective_chat is None:
        return
    reader = await reader_of(update, context)
    t = reader.t
    info = reader.subscription
    if info is None:
        await answer(update, context, t.gettext(NOT_SUBSCRIBED))
        return
    names = conflict_names(context.services.topic, t.lang)

    def shown(prefs: Preferences, active: bool) -> str:
        language = LANGUAGE_NAMES.get(prefs.language or t.lang, t.lang)
        return (
            render_prefs(prefs, active, lang=t.lang)
            + "\n"
            + render_choices(prefs, names, t, language)
        )

    keyboard = settings_keyboard(t.gettext("Conflicts"))
    args = command_args(update)
    if not args:
        text = shown(info.prefs, info.active) + "\n\n" + t.gettext(SETTINGS_USAGE)
        await answer(update, context, text, reply_markup=keyboard)
        return
    if args.lower() in {"conflicts", "conflict"}:
        if not await refuse_change(update, context):
            await ask_conflicts(update, context, reader)
        return
    try:
        prefs = parse_settings(args, info.prefs, names)
    except LocalizedError as exc:
        # How to write a setting is help, open to every member like /settings itself.
        text = esc(exc.render(t)) + "\n\n" + t.gettext(SETTINGS_USAGE)
        await answer(update, context, text)
        return
    if await refuse_change(update, context):
        return
    saved = await save_prefs(update, context, prefs)
    if saved is not None:
        text = t.gettext("Saved.") + "\n" + shown(saved.prefs, saved.active)
        await answer(update, context, text, reply_markup=keyboard)


COMMANDS = [
    Command(
        "subscribe",
        N_("Get new stories as they are found"),
        N_(
            "get every new story as it is found (stories from before you subscribe are sent "
            "only when they move on); then choose the conflicts you follow and your time zone"
        ),
        subscribe_command,
    ),
    Command("unsubscribe", N_("Stop getting stories"), N_("stop"), unsubscribe_command),
    Command(
        "settings",
        N_("Conflicts, digests, quiet hours, time zone"),
        N_(
            "how you get stories; /settings instant: each story as soon as it is found; "
            "/settings digest 08:00,20:00 Europe/Kyiv: one digest at those local times; "
            "/settings quiet 23:00-07:00: hold pushes during these hours (/settings quiet off); "
            "/settings timezone Europe/Kyiv; /settings conflicts ru-ua,sudan or "
            "/settings conflicts all; /settings points 5: key points per story (1-10)"
        ),
        settings_command,
    ),
]
