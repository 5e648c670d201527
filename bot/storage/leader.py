"""One active sender per bot token, chosen by a PostgreSQL advisory lock.

Telegram's ~30 messages a second is a limit per bot token, so several senders must not each
send at that rate. The process holding the lock sends; the others stand by and try again every
few seconds. The lock lives on one database connection: if the active sender dies, PostgreSQL
ends its session and releases the lock, and a standby takes over at its next try. On SQLite
(one process) the caller is always the leader.
"""

from __future__ import annotations

import logging
import math
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from bot.storage.db import Database, lock_key

__all__ = ["Leadership"]

log = logging.getLogger(__name__)


class Leadership:
    """Whether this process is the active holder of the lock `name`; blocking calls."""

    def __init__(self, db: Database, name: str) -> None:
        self._db = db
        self._key = lock_key(name)
        self._name = name
        self._connection: Connection | None = None
        self._taken_at: float | None = None

    def held_for(self) -> float:
        """Seconds since this process took the lock (0 when it does not hold it; without end on
        SQLite, where there is no peer). A new active sender waits a lease before taking back
        expired rows: the old one may be alive, cut off from the database by the outage that
        ended its lock session, with a sent message to record at its first round after it."""
        if self._db.dialect != "postgresql":
            return math.inf
        if self._taken_at is None:
            return 0.0
        return time.monotonic() - self._taken_at

    def is_leader(self) -> bool:
        """True while this process holds the lock; tries to take it when it does not."""
        if self._db.dialect != "postgresql":
            return True
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                self._connection.commit()
            except DBAPIError:
                log.warning("lost the database session that held the %s lock", self._name)
                self._drop()
            else:
                return True
        connection = self._db.engine.connect()
        try:
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            ).scalar_one()
            connection.commit()
        except DBAPIError:
            connection.close()
            return False
        if not taken:
            connection.close()
            return False
        log.info("this process is now the active %s", self._name)
        self._connection = connection
        self._taken_at = time.monotonic()
        return True

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except DBAPIError:
                pass
            self._connection = None
        self._taken_at = None

    def release(self) -> None:
        """Give the lock up (at shutdown), so a standby takes over at once."""
        if self._connection is None:
            return
        try:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
            self._connection.commit()
        except DBAPIError:
            pass
        self._drop()
