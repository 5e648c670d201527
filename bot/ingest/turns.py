"""Turns at the extraction worker: a reader waiting in chat goes before background pages.

One worker serves both /summary and ingestion, and a poll can queue a page per feed read at
once; in arrival order a user's page would wait for each of them (up to the extraction timeout
apiece). Turns are given out by priority, first come first served within one, and never taken
back: a page already under way finishes (or times out) before the next one starts. Ingestion
waits while users are served: at most a few /summary are under way at once (bot.summary_gate),
but while new ones keep coming its pages keep waiting, which a poll's feed budget then cuts off.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import IntEnum

__all__ = ["Priority", "Turns"]


class Priority(IntEnum):
    """Whose page it is; the lower goes first."""

    INTERACTIVE = 0
    """A user waits for it in chat (/summary)."""
    BACKGROUND = 1
    """Nobody waits for it in particular (ingestion's full texts)."""


class Turns:
    """At most `slots` holders at once; a freed turn goes to the most urgent waiter, and to the
    earliest among equals (asyncio.Semaphore has no order but arrival)."""

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._waiting: list[tuple[Priority, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    @asynccontextmanager
    async def turn(self, priority: Priority) -> AsyncIterator[None]:
        """Wait for a turn and hold it for the block."""
        await self._take(priority)
        try:
            yield
        finally:
            self._pass_on()

    async def _take(self, priority: Priority) -> None:
        if self._free:  # a turn is free only while nobody waits
            self._free -= 1
            return
        granted = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._arrival), granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._pass_on()  # handed the turn as it was cancelled: the next one has it
            raise  # else its cancelled future stays queued and is skipped when popped

    def _pass_on(self) -> None:
        while self._waiting:
            _, _, granted = heapq.heappop(self._waiting)
            if not granted.done():
                granted.set_result(None)
                return
        self._free += 1
