"""/subscribe, /unsubscribe and /settings: whether, how and when a chat gets stories."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import Command, answer, blocking, command_args, translator_for
from bot.i18n import N_, LocalizedError
from bot.render import esc, render_prefs
from bot.scheduling import (
    DeliveryPrefs,
    ScheduleError,
    parse_quiet_hours,
    parse_times,
    parse_zone,
)
from bot.storage.models import utcnow
from bot.storage.subscribers import get_subscription, subscribe, unsubscribe, update_prefs

__all__ = ["COMMANDS", "parse_settings"]

SETTINGS_USAGE = N_(
    "Examples:\n/settings instant\n/settings digest 08:00,20:00 Europe/Kyiv\n"
    "/settings quiet 23:00-07:00\n/settings quiet off\n/settings timezone Europe/Kyiv"
)
UNREADABLE = N_(
    "I could not read {value!r}: times are HH:MM on a 24-hour clock (08:00, 23:00-07:00) and "
    "zones are names like Europe/Kyiv."
)
UNKNOWN = N_("I don't know the setting {value!r}.")
DIGEST_WHEN = N_("Say when, like: /settings digest 08:00,20:00 Europe/Kyiv")


def _read(args: str, current: DeliveryPrefs) -> DeliveryPrefs:
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
    raise LocalizedError("settings.unknown", UNKNOWN, value=args)


def parse_settings(args: str, current: DeliveryPrefs) -> DeliveryPrefs:
    """Apply one /settings change to `current`; LocalizedError says what was unreadable."""
    if not args.split():
        return current
    try:
        return _read(args, current)
    except ScheduleError:
        raise LocalizedError("settings.unreadable", UNREADABLE, value=args) from None


async def subscribe_command(update: Update, context: BotContext) -> None:
    """Subscribe this chat to new stories."""
    if update.effective_chat is None:
        return
    _ = translator_for(update, context).gettext
    db = context.services.db
    topic = context.services.topic.key
    created = await blocking(subscribe, db, update.effective_chat.id, utcnow(), topic)
    if created:
        text = _(
            "Subscribed. You will get every new story as it is found (older ones are in "
            "/latest). /settings switches to digests or sets quiet hours."
        )
    else:
        text = _("You are already subscribed. /settings shows how you get stories.")
    await answer(update, context, text)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """Stop pushes to this chat."""
    if update.effective_chat is None:
        return
    _ = translator_for(update, context).gettext
    services = context.services
    removed = await blocking(
        unsubscribe, services.db, update.effective_chat.id, services.topic.key
    )
    if removed:
        text = _("Unsubscribed: no more pushes. /subscribe to start again.")
    else:
        text = _("You were not subscribed. /subscribe to start.")
    await answer(update, context, text)


async def settings_command(update: Update, context: BotContext) -> None:
    """Show or change instant/digest delivery and quiet hours."""
    if update.effective_chat is None:
        return
    t = translator_for(update, context)
    chat_id, db, topic = update.effective_chat.id, context.services.db, context.services.topic.key
    info = await blocking(get_subscription, db, chat_id, topic)
    if info is None:
        await answer(
            update, context, t.gettext("You are not subscribed yet: send /subscribe first.")
        )
        return
    args = command_args(update)
    if not args:
        text = render_prefs(info.prefs, info.active, lang=t.lang)
        await answer(update, context, text + "\n\n" + t.gettext(SETTINGS_USAGE))
        return
    try:
        prefs = parse_settings(args, info.prefs)
    except LocalizedError as exc:
        text = esc(exc.render(t)) + "\n\n" + t.gettext(SETTINGS_USAGE)
        await answer(update, context, text)
        return
    saved = await blocking(update_prefs, db, chat_id, prefs, utcnow(), topic)
    if saved is not None:
        text = t.gettext("Saved.") + "\n" + render_prefs(saved.prefs, saved.active, lang=t.lang)
        await answer(update, context, text)


COMMANDS = [
    Command(
        "subscribe",
        N_("Get new stories as they are found"),
        N_("get every new story as it is found (stories from before you subscribe are not sent)"),
        subscribe_command,
    ),
    Command("unsubscribe", N_("Stop getting stories"), N_("stop"), unsubscribe_command),
    Command(
        "settings",
        N_("Instant pushes or digests, quiet hours"),
        N_(
            "how you get stories; /settings instant: each story as soon as it is found; "
            "/settings digest 08:00,20:00 Europe/Kyiv: one digest at those local times; "
            "/settings quiet 23:00-07:00: hold pushes during these hours (/settings quiet off)"
        ),
        settings_command,
    ),
]
