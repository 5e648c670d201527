"""The conflict and time-zone buttons: which wars a chat follows, and where it reads the clock.

Conflict buttons carry `v1:conf:<key>` (toggle), `v1:conf:*` (all), `v1:conf:done`, or
`v1:conf:open` (send the keyboard again); a `;tz` suffix marks the keyboard /subscribe sent,
whose Done goes on to ask for the time zone while the chat still reads UTC. Zone buttons carry
`v1:tz:<Area/City>`. Every press stores at once (update_prefs), so a chat that never taps
Done still keeps what it chose.
"""

from __future__ import annotations

from dataclasses import replace

from babel.dates import get_timezone_location
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.callbacks import STALE, encode
from bot.handlers.chat_admins import change_refusal
from bot.handlers.choices import conflict_names, conflicts_label, toggled
from bot.handlers.common import (
    NOT_SUBSCRIBED,
    Reader,
    answer,
    edit_in_place,
    reader_of,
    save_prefs,
)
from bot.i18n import N_, Translator
from bot.preferences import ALL_CONFLICTS, Preferences
from bot.render import esc
from bot.scheduling import ScheduleError, parse_zone
from bot.storage.subscribers import SubscriptionInfo

__all__ = [
    "CALLBACKS",
    "LIKELY_ZONES",
    "ask_conflicts",
    "ask_zone",
    "conflicts_keyboard",
    "subscribed_note",
]

LIKELY_ZONES = (
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)
THEN_ZONE = ";tz"
CHECKED = "✅ "
QUESTION = N_(
    "Which conflicts should I follow for you? Tap one to switch it on or off, then Done."
)
SUBSCRIBED = N_(
    "Subscribed. You will get every new story as it is found (older ones are in "
    "/latest). /settings switches to digests or sets quiet hours."
)
SUBSCRIBED_DIGEST = N_(
    "Subscribed. You will get a digest at {times} ({zone}) (older stories are in /latest). "
    "/settings switches to every story as it is found or sets quiet hours."
)
FOLLOWING = N_("You follow: {conflicts}. /settings conflicts changes it.")
AT_LEAST_ONE = N_("Follow at least one conflict.")
ZONE_QUESTION = N_(
    "Which time zone are you in? Times and quiet hours are read in it. Not listed? Type "
    "/settings timezone Area/City, like /settings timezone Asia/Tbilisi."
)
ZONE_SAVED = N_("Time zone: {zone}. /settings timezone Area/City changes it.")


def conflicts_keyboard(
    t: Translator, names: dict[str, str], chosen: tuple[str, ...], then_zone: bool = False
) -> InlineKeyboardMarkup:
    """One toggle per conflict (✅ when followed), then "All conflicts" and "Done"."""
    suffix = THEN_ZONE if then_zone else ""
    every = ALL_CONFLICTS in chosen
    rows = [
        [
            InlineKeyboardButton(
                (CHECKED if every or key in chosen else "") + name,
                callback_data=encode("conf", key + suffix),
            )
        ]
        for key, name in names.items()
    ]
    rows.append(
        [
            InlineKeyboardButton(
                (CHECKED if every else "") + t.gettext("All conflicts"),
                callback_data=encode("conf", ALL_CONFLICTS + suffix),
            ),
            InlineKeyboardButton(t.gettext("Done"), callback_data=encode("conf", "done" + suffix)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def _names(context: BotContext, reader: Reader) -> dict[str, str]:
    return conflict_names(context.services.topic, reader.lang)


def subscribed_note(t: Translator, prefs: Preferences) -> str:
    """The /subscribe confirmation, from the chat's stored timing (as /settings shows it): a
    digest reader who unsubscribed and came back keeps its digest, so it must not be told
    every story will come at once."""
    if prefs.mode == "digest" and prefs.digest_times:
        times = esc(", ".join(prefs.digest_times))
        return t.gettext(SUBSCRIBED_DIGEST, times=times, zone=esc(prefs.timezone))
    return t.gettext(SUBSCRIBED)


def _question(t: Translator, then_zone: bool, prefs: Preferences) -> str:
    """The keyboard's text; after /subscribe it opens with the confirmation, and keeps it."""
    question = t.gettext(QUESTION)
    return subscribed_note(t, prefs) + "\n\n" + question if then_zone else question


async def ask_conflicts(
    update: Update, context: BotContext, reader: Reader, *, then_zone: bool = False
) -> None:
    """Send the conflict keyboard; `then_zone` (from /subscribe) asks for the zone after Done."""
    if reader.subscription is None:
        return
    t = reader.t
    prefs = reader.subscription.prefs
    keyboard = conflicts_keyboard(t, _names(context, reader), prefs.conflicts, then_zone)
    await answer(update, context, _question(t, then_zone, prefs), reply_markup=keyboard)


def zone_keyboard(lang: str) -> InlineKeyboardMarkup:
    """The likely zones by their city in the reader's language, two to a row."""
    buttons = [
        InlineKeyboardButton(
            zone if zone == "UTC" else get_timezone_location(zone, locale=lang, return_city=True),
            callback_data=encode("tz", zone),
        )
        for zone in LIKELY_ZONES
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def ask_zone(update: Update, context: BotContext, reader: Reader) -> None:
    await answer(
        update, context, reader.t.gettext(ZONE_QUESTION), reply_markup=zone_keyboard(reader.lang)
    )


async def _changeable(
    update: Update, context: BotContext, reader: Reader
) -> SubscriptionInfo | str:
    """The chat's subscription if this press may change it; else what to tell the presser (a
    chat that is not subscribed, or a group member who is not an admin)."""
    info = reader.subscription
    if info is None or update.effective_chat is None:
        return reader.t.gettext(NOT_SUBSCRIBED)
    refusal = await change_refusal(update, context)
    return info if refusal is None else reader.t.gettext(refusal)


async def press_conflict(update: Update, context: BotContext, value: str) -> str | None:
    """A conflict button: toggle, all, done or open; stores the choice at once."""
    reader = await reader_of(update, context)
    t = reader.t
    info = await _changeable(update, context, reader)
    if isinstance(info, str):
        return info
    action, then_zone = value.removesuffix(THEN_ZONE), value.endswith(THEN_ZONE)
    names = _names(context, reader)
    prefs = info.prefs
    if action == "open":
        await ask_conflicts(update, context, reader)
        return None
    if action == "done":
        label = esc(conflicts_label(prefs.conflicts, names, t))
        shown = await edit_in_place(update, t.gettext(FOLLOWING, conflicts=label), None)
        if shown and then_zone and prefs.timezone == "UTC":  # a second tap asks nothing more
            await ask_zone(update, context, reader)
        return None
    if action == ALL_CONFLICTS:
        chosen: tuple[str, ...] = (ALL_CONFLICTS,)
    elif action in names:
        chosen = toggled(prefs.conflicts, action, list(names))
        if not chosen:
            return t.gettext(AT_LEAST_ONE)
    else:
        return t.gettext(STALE)  # a conflict the topic file no longer has
    if chosen != prefs.conflicts:
        await save_prefs(update, context, replace(prefs, conflicts=chosen))
    await edit_in_place(
        update, _question(t, then_zone, prefs), conflicts_keyboard(t, names, chosen, then_zone)
    )
    return None


async def press_zone(update: Update, context: BotContext, value: str) -> str | None:
    """A zone button: store the zone the chat's times and quiet hours are read in."""
    reader = await reader_of(update, context)
    t = reader.t
    info = await _changeable(update, context, reader)
    if isinstance(info, str):
        return info
    try:
        zone = parse_zone(value).key
    except ScheduleError:
        return t.gettext(STALE)
    await save_prefs(update, context, replace(info.prefs, timezone=zone))
    await edit_in_place(update, t.gettext(ZONE_SAVED, zone=esc(zone)), None)
    return None


CALLBACKS = {"conf": press_conflict, "tz": press_zone}
