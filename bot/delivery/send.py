"""Send one text as HTML, split under Telegram's limits, falling back to plain text if refused.

The fallback exists because outside text is escaped but a bug or an odd entity must not cost a
user the message: Telegram's "can't parse entities" answer is retried once without markup.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.delivery.split import html_to_plain, split_message

__all__ = ["PartialSend", "send_html"]

log = logging.getLogger(__name__)


class PartialSend(Exception):
    """A later part of a split message failed after earlier parts reached the chat."""

    def __init__(self, first: Message, cause: Exception) -> None:
        super().__init__(f"sent part of the message, then: {cause}")
        self.first = first
        self.cause = cause


def _cannot_parse(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower()


async def _send_part(bot: Bot, chat_id: int, part: str, **kwargs: Any) -> Message:
    try:
        return await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, **kwargs)
    except BadRequest as exc:
        if not _cannot_parse(exc):
            raise
        log.warning("Telegram refused our HTML (%s); sending plain text instead", exc.message)
        return await bot.send_message(chat_id, html_to_plain(part), parse_mode=None, **kwargs)


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    before_each: Callable[[], Awaitable[None]] | None = None,
    **kwargs: Any,
) -> Message:
    """Send `text` in as many parts as needed; returns the first message.

    The buttons (`reply_markup`) go with the last part only: under the whole text, once, and
    a button that edits its message (a list's "Older ›") edits the part that carries it.
    An error on the first part propagates untouched (nothing reached the chat). An error on a
    later part raises PartialSend, so the caller can record the message as delivered rather
    than send the first part twice.
    """
    markup = kwargs.pop("reply_markup", None)
    parts = split_message(text)
    first: Message | None = None
    for number, part in enumerate(parts, 1):
        if before_each is not None:
            await before_each()
        extra = {"reply_markup": markup} if markup is not None and number == len(parts) else {}
        try:
            message = await _send_part(bot, chat_id, part, **kwargs, **extra)
        except Exception as exc:
            if first is None:
                raise
            raise PartialSend(first, exc) from exc
        first = first or message
    assert first is not None  # split_message never returns an empty list
    return first
