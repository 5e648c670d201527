"""Recording what Telegram took, through database trouble: retried, then held in memory.

A message in the chat must be recorded `sent`, or its claim's lease runs out and it goes a
second time. So a commit the database refuses (locked, restarting) is tried again for about
30 s, off the event loop, and a mark still refused is held by its sender, whose claims on those
rows stay renewed, and recorded before that sender claims anything else.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.storage import outbox
from bot.storage.db import Database

__all__ = ["RECORD_BACKOFF", "SentMark", "SentMarks", "retrying"]

log = logging.getLogger(__name__)

T = TypeVar("T")

RECORD_BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)
"""Seconds between the tries to write what a send did (about 30 s in all)."""


async def retrying(call: Callable[[], T], backoff: Sequence[float]) -> T:
    """`call` in a worker thread, tried again after each of `backoff`'s waits while the
    database refuses it; the last refusal propagates."""
    for wait in backoff:
        try:
            return await asyncio.to_thread(call)
        except SQLAlchemyError as exc:
            log.warning("the database refused a delivery record (%s); retrying", exc)
            await asyncio.sleep(wait)
    return await asyncio.to_thread(call)


@dataclass(frozen=True)
class SentMark:
    """A message Telegram took (or a row with nothing to send): what its rows record."""

    unit: outbox.Unit
    revisions: tuple[tuple[int, int | None], ...]
    message_id: int | None
    at: datetime
    note: str | None

    @property
    def ids(self) -> set[int]:
        return {delivery_id for delivery_id, _ in self.revisions}


class SentMarks:
    """One sender's way to record sent messages, with those the database refused so far."""

    def __init__(self, db: Database, owner: str, backoff: Sequence[float] = RECORD_BACKOFF):
        self.db = db
        self.owner = owner
        self.backoff = tuple(backoff)
        self._held: list[SentMark] = []

    @property
    def waiting(self) -> bool:
        """A sent message is not recorded yet: the sender claims nothing new meanwhile."""
        return bool(self._held)

    @property
    def held_ids(self) -> set[int]:
        """The rows of the held marks: their claims must stay renewed."""
        return {i for mark in self._held for i in mark.ids}

    async def record(self, mark: SentMark) -> bool:
        """Record `mark`, retrying; if the database still refuses, hold it. Whether recorded."""
        if await self._write(mark, self.backoff):
            return True
        self._held.append(mark)
        return False

    async def record_held(self) -> list[SentMark]:
        """Record the held marks, oldest first, one try each; those recorded now."""
        recorded: list[SentMark] = []
        while self._held and await self._write(self._held[0], ()):
            recorded.append(self._held.pop(0))
        return recorded

    async def _write(self, mark: SentMark, backoff: Sequence[float]) -> bool:
        call = partial(
            outbox.mark_sent,
            self.db,
            self.owner,
            mark.revisions,
            mark.message_id,
            mark.at,
            mark.note,
        )
        try:
            marked = await retrying(call, backoff)
        except SQLAlchemyError:
            log.exception(
                "could not record a message to chat %s as sent: holding its claim and "
                "recording it before anything else is sent",
                mark.unit.chat_id,
            )
            return False
        if marked != len(mark.revisions):
            log.warning(
                "%d deliveries were no longer ours when marked sent (lease lost)",
                len(mark.revisions) - marked,
            )
        return True
