"""Two processes writing the same row at the same moment, made deterministic."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.storage.db import Database

T = TypeVar("T")
OVERLAP = 0.5  # seconds the peer's write stays uncommitted while ours runs into it


def racing_a_peer(db: Database, peer_write: Callable[[Session], None], ours: Callable[[], T]) -> T:
    """Run `ours` while a peer's transaction holds `peer_write` uncommitted, then commit it.

    Ours reads before the peer's row is visible and writes into it: on PostgreSQL its insert
    waits on the peer's unique-key entry, on SQLite on the write lock; both then see the
    peer's commit.
    """
    with ThreadPoolExecutor(max_workers=1) as pool, db.session() as peer:
        peer_write(peer)
        peer.flush()
        result = pool.submit(ours)
        time.sleep(OVERLAP)
    return result.result(timeout=30)
