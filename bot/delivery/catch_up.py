"""The update a chat is owed because its story moved while a message was on its way to it.

A message is rendered from the newest revision when it is sent; a revision saved after that
(while the message waited for its chat's turn, or while the rest of a cut message waited for a
retry) is news the chat has not seen. Right after a message is recorded sent, its stories are
checked for such news (`fanout.catch_up`). That check runs in its own transaction: a sender
killed between the two, or whose database failed the second, would leave the news waiting for
the story to move again, so the leading sender also sweeps every recently sent chat for it
(`fanout.catch_up_missed`) now and then.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from bot.delivery.records import SentMark
from bot.storage import fanout
from bot.storage.db import Database

__all__ = ["CATCH_UP_EVERY", "CatchUp"]

CATCH_UP_EVERY = timedelta(minutes=10)
"""How often the leading sender looks for updates a killed or failing sender did not plan."""


class CatchUp:
    """Plans the updates owed after sent messages; one per sender."""

    def __init__(self, db: Database, every: timedelta = CATCH_UP_EVERY) -> None:
        self.db = db
        self.every = every
        self._next_sweep = 0.0

    async def after(self, mark: SentMark, cooldown: timedelta) -> None:
        """Plan the update for the stories `mark`'s message carried, if they moved meanwhile.

        Only those stories: a long digest's later parts are still to go.
        """
        unit = mark.unit
        shown = [(unit.subscriber_id, i.story_id) for i in unit.items if i.delivery_id in mark.ids]
        await asyncio.to_thread(fanout.catch_up, self.db, shown, mark.at, cooldown)

    async def sweep(self, now: datetime, cooldown: timedelta) -> int:
        """Plan the updates any sender may have skipped: at the first call, then at most once
        every `every`; rows written."""
        if time.monotonic() < self._next_sweep:
            return 0
        self._next_sweep = time.monotonic() + self.every.total_seconds()
        return await asyncio.to_thread(fanout.catch_up_missed, self.db, now, cooldown)
