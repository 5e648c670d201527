"""Summary runs started by the scheduled polls, one at a time, in a task of their own.

A poll must return without waiting for the stories it changed to be summarized, yet those
stories must not wait a whole poll interval either, and two runs must never overlap: a poll
that ends during a run asks for one more run right after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

__all__ = ["BackgroundRuns"]

log = logging.getLogger(__name__)


class BackgroundRuns:
    """Runs `run` (which returns how many revisions it wrote) in the background on request."""

    def __init__(self, run: Callable[[], Awaitable[int]]) -> None:
        self._run = run
        self._task: asyncio.Task[None] | None = None
        self._again = False  # a request came in while a run was going

    def start(self) -> asyncio.Task[None]:
        """Start a run and return its task; during a run, ask for one more right after it."""
        if self._task is None or self._task.done():
            self._again = False
            self._task = asyncio.create_task(self._while_asked(), name="summarize-stories")
        else:
            self._again = True
        return self._task

    async def _while_asked(self) -> None:
        while True:
            try:
                written = await self._run()
            except Exception:  # the stories stay dirty: the next run takes them
                log.exception("summary run failed; the next poll's run tries again")
            else:
                if written:
                    log.info("wrote %d story revisions", written)
            if not self._again:
                return
            self._again = False

    async def aclose(self) -> None:
        """Stop a run; what it had not finished stays for the next run (after a restart too)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
