"""The inline buttons' callback data: a small versioned grammar, and the one dispatcher.

Data is `v1:<kind>:<value>`, e.g. `v1:story:42`, `v1:latest:page=2,n=5,all=1`, `v1:lang:uk`,
`v1:tl:42` (timeline), `v1:conf:sudan` / `v1:conf:*` / `v1:conf:done` (conflicts),
`v1:tz:Europe/Kyiv` (Telegram allows 64 bytes). The version lets a later grammar tell old
buttons, still sitting in chats, from new ones: a button we can no longer read gets a short
notice instead of an error.
Modules register what a kind does in their `CALLBACKS` mapping; `bot.handlers` merges them.

Telegram keeps button presses while the bot is down, but refuses to answer a press older than
a few seconds ("query is too old"). That refusal is harmless: the action has run, and a notice
the spinner could not show is sent to the chat instead, so no press ends in an apology.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.handlers.common import answer, translator_of
from bot.i18n import N_

__all__ = [
    "VERSION",
    "CallbackAction",
    "answer_query",
    "decode",
    "encode",
    "handler",
    "params",
    "refused_answer",
]

log = logging.getLogger(__name__)

VERSION = "v1"
MAX_DATA = 64
STALE = N_("This button is no longer valid; send the command again.")

# An action returns a short notice to show on the button press, or None.
CallbackAction = Callable[[Update, BotContext, str], Awaitable[str | None]]


def encode(kind: str, value: str) -> str:
    data = f"{VERSION}:{kind}:{value}"
    if len(data.encode()) > MAX_DATA:
        raise ValueError(f"callback data over {MAX_DATA} bytes: {data!r}")
    return data


def decode(data: str | None) -> tuple[str, str] | None:
    """(kind, value) of data we wrote, or None for anything else (old or foreign buttons)."""
    version, _, rest = (data or "").partition(":")
    kind, sep, value = rest.partition(":")
    if version != VERSION or not sep or not kind:
        return None
    return kind, value


def params(value: str) -> dict[str, int]:
    """`page=2,n=5` -> {"page": 2, "n": 5}; unreadable pairs are skipped."""
    found: dict[str, int] = {}
    for pair in value.split(","):
        key, _, number = pair.partition("=")
        if key and number.isdigit():
            found[key] = int(number)
    return found


def refused_answer(error: BadRequest) -> bool:
    """Telegram refusing answerCallbackQuery for a press it no longer waits on (too old, or
    already answered), rather than a fault of ours."""
    text = error.message.lower()
    return "query is too old" in text or "query id is invalid" in text


async def answer_query(update: Update, context: BotContext, notice: str | None) -> None:
    """Stop the button's spinner, showing `notice`; when Telegram no longer takes the answer,
    the notice goes to the chat instead, so the press is not left without a word."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(notice)
    except BadRequest as exc:
        if not refused_answer(exc):
            raise
        log.info("button press %s could not be answered: %s", query.id, exc.message)
        if notice:
            await answer(update, context, notice)


def handler(actions: Mapping[str, CallbackAction]) -> CallbackQueryHandler[BotContext, None]:
    """One CallbackQueryHandler for every kind; the query is always answered."""

    async def dispatch(update: Update, context: BotContext) -> None:
        query = update.callback_query
        if query is None:
            return
        decoded = decode(query.data)
        action = actions.get(decoded[0]) if decoded is not None else None
        if decoded is None or action is None:
            t = await translator_of(update, context)
            await answer_query(update, context, t.gettext(STALE))
            return
        notice: str | None = None
        try:
            notice = await action(update, context, decoded[1])
        finally:
            # Telegram shows a spinner on the button until answered, error or not.
            await answer_query(update, context, notice)

    return CallbackQueryHandler(dispatch)
