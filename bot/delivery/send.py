"""Send one text as HTML, split under Telegram's limits, falling back to plain text if refused.

The fallback exists because outside text is escaped but a bug or an odd entity must not cost a
user the message: Telegram's "can't parse entities" answer is retried once without markup.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.delivery.split import html_to_plain, split_message

__all__ = ["PartialSend", "send_html", "send_parts"]

log = logging.getLogger(__name__)


class PartialSend(Exception):
    """A later part of a split message failed after earlier parts reached the chat."""

    def __init__(self, first: Message, rest: Sequence[str], sent: int, cause: Exception) -> None:
        super().__init__(f"sent {sent} parts of the message, then: {cause}")
        self.first = first
        self.rest = tuple(rest)
        """The parts not sent: the one that failed and those after it."""
        self.sent = sent
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
    """Send `text` in as many parts as needed (`send_parts`); returns the first message."""
    return await send_parts(bot, chat_id, split_message(text), before_each=before_each, **kwargs)


async def send_parts(
    bot: Bot,
    chat_id: int,
    parts: Sequence[str],
    *,
    before_each: Callable[[], Awaitable[None]] | None = None,
    **kwargs: Any,
) -> Message:
    """Send the parts of one message in order, each as HTML; returns the first message.

    The buttons (`reply_markup`) go with the last part only: under the whole text, once, and
    a button that edits its message (a list's "Older ›") edits the part that carries it.
    An error on the first part propagates untouched (nothing reached the chat). An error on a
    later part raises PartialSend with the parts not sent, so the caller can send only those
    later rather than send the first part twice.
    """
    markup = kwargs.pop("reply_markup", None)
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
            raise PartialSend(first, parts[number - 1 :], number - 1, exc) from exc
        first = first or message
    assert first is not None  # never called without a part
    return first
