"""/subscribe, /unsubscribe and /settings: whether, how and when a chat gets stories."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import answer, blocking, command_args
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

__all__ = ["HANDLERS", "parse_settings"]

SETTINGS_USAGE = (
    "Examples:\n/settings instant\n/settings digest 08:00,20:00 Europe/Kyiv\n"
    "/settings quiet 23:00-07:00\n/settings quiet off"
)


def parse_settings(args: str, current: DeliveryPrefs) -> DeliveryPrefs:
    """Apply one /settings change to `current`; ScheduleError says what was unreadable."""
    words = args.split()
    if not words:
        return current
    head, rest = words[0].lower(), words[1:]
    if head == "instant" and not rest:
        return replace(current, mode="instant")
    if head == "digest":
        if not rest:
            raise ScheduleError("say when, like: /settings digest 08:00,20:00 Europe/Kyiv")
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
    raise ScheduleError(f"I don't know the setting {args!r}.\n{SETTINGS_USAGE}")


async def subscribe_command(update: Update, context: BotContext) -> None:
    """Subscribe this chat to new stories."""
    if update.effective_chat is None:
        return
    db = context.services.db
    topic = context.services.topic.key
    created = await blocking(subscribe, db, update.effective_chat.id, utcnow(), topic)
    if created:
        text = (
            "Subscribed. You will get every new story as it is found (older ones are in "
            "/latest). /settings switches to digests or sets quiet hours."
        )
    else:
        text = "You are already subscribed. /settings shows how you get stories."
    await answer(update, context, text)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """Stop pushes to this chat."""
    if update.effective_chat is None:
        return
    services = context.services
    removed = await blocking(
        unsubscribe, services.db, update.effective_chat.id, services.topic.key
    )
    text = "Unsubscribed: no more pushes." if removed else "You were not subscribed."
    await answer(update, context, text + " /subscribe to start again.")


async def settings_command(update: Update, context: BotContext) -> None:
    """Show or change instant/digest delivery and quiet hours."""
    if update.effective_chat is None:
        return
    chat_id, db, topic = update.effective_chat.id, context.services.db, context.services.topic.key
    info = await blocking(get_subscription, db, chat_id, topic)
    if info is None:
        await answer(update, context, "You are not subscribed yet: send /subscribe first.")
        return
    args = command_args(update)
    if not args:
        await answer(
            update, context, render_prefs(info.prefs, info.active) + "\n\n" + SETTINGS_USAGE
        )
        return
    try:
        prefs = parse_settings(args, info.prefs)
    except ScheduleError as exc:
        await answer(update, context, esc(str(exc)))
        return
    saved = await blocking(update_prefs, db, chat_id, prefs, utcnow(), topic)
    if saved is not None:
        await answer(update, context, "Saved.\n" + render_prefs(saved.prefs, saved.active))


HANDLERS = [
    CommandHandler("subscribe", subscribe_command),
    CommandHandler("unsubscribe", unsubscribe_command),
    CommandHandler("settings", settings_command),
]
