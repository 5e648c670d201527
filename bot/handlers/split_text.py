"""A pasted text Telegram cut into several messages, joined again before it is summarized.

Telegram takes at most 4,096 characters a message, and its apps send a longer text as several
messages one after another. Each was summarized on its own: a reader who pasted a whole
article got the points of its first part, and "I'm still working on your previous summary"
for the rest, which they could only send again by hand. Now a text long enough to have been
cut waits a moment for the next message of its chat, and every part that comes in time is
summarized with it as one text, in one answer to the first part.

The parts are held in the chat's `chat_data`, which lives in the process that receives the
chat's updates (polling has one; webhook processes behind a balancer that splits one chat's
updates between them would summarize the parts apart, as before).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.handlers.summary_input import SENTENCE_ENDED

__all__ = [
    "LIKELY_CUT",
    "PARTS_WAIT_SECONDS",
    "Parts",
    "collect_parts",
    "join_parts",
    "start_parts",
    "take_part",
]

LIKELY_CUT = 3500
"""From this length a message may be the first part of a longer text: apps cut at a space or a
line break before the 4,096th character, so a cut part is seldom much shorter."""
PARTS_WAIT_SECONDS = 2.0
"""How long after a part the next one may come: an app sends them back to back."""
_KEY = "split_text_parts"


@dataclass
class Parts:
    """A text's parts so far; `arrived` is set when another one comes."""

    texts: list[str]
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


def take_part(chat_data: dict[Any, Any] | None, text: str) -> bool:
    """Whether `text` continues a text of this chat waiting in `collect_parts` (taken if so).

    Call it before any await, so a part is never taken for a request of its own."""
    parts = chat_data.get(_KEY) if chat_data is not None else None
    if not isinstance(parts, Parts) or not text.strip():
        return False
    parts.texts.append(text)
    parts.arrived.set()
    return True


def start_parts(chat_data: dict[Any, Any] | None, text: str) -> Parts | None:
    """Hold `text` for its next parts when it is long enough to have been cut (None if not).

    Call it before any await: the next part's handler may run at the first one."""
    if chat_data is None or len(text) < LIKELY_CUT or _KEY in chat_data:
        return None
    parts = Parts([text])
    chat_data[_KEY] = parts
    return parts


async def collect_parts(
    chat_data: dict[Any, Any], parts: Parts, wait: float = PARTS_WAIT_SECONDS
) -> list[str]:
    """The first part and every part that came within `wait` of the one before it; a part
    short enough not to have been cut is the last."""
    try:
        while len(parts.texts[-1]) >= LIKELY_CUT:
            parts.arrived.clear()
            try:
                await asyncio.wait_for(parts.arrived.wait(), wait)
            except TimeoutError:
                break
    finally:
        if chat_data.get(_KEY) is parts:
            del chat_data[_KEY]
    return parts.texts


def join_parts(texts: list[str]) -> str:
    """The parts as one text: a part that ends a sentence ends a paragraph, one cut mid-sentence
    runs on into the next with a space."""
    joined = texts[0]
    for text in texts[1:]:
        sep = "\n\n" if SENTENCE_ENDED.search(joined.rstrip()) else " "
        joined = joined.rstrip() + sep + text.lstrip()
    return joined
