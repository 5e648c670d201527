"""One active sender: the lock's holder, and how long it has held it (it takes back a dead
sender's rows only after holding the lock for a lease)."""

from __future__ import annotations

import math

from bot.storage.db import Database
from bot.storage.leader import Leadership


def test_one_process_holds_the_sender_lock_and_a_standby_starts_counting_when_it_takes_over(
    database: Database,
) -> None:
    active, standby = Leadership(database, "sender"), Leadership(database, "sender")
    try:
        assert active.is_leader()
        if database.dialect != "postgresql":  # one process: always the leader, no peer to wait for
            assert standby.is_leader()
            assert active.held_for() == math.inf
            return
        assert 0.0 <= active.held_for() < 60.0
        assert not standby.is_leader()
        assert standby.held_for() == 0.0

        active.release()  # the active sender stops
        assert active.held_for() == 0.0
        assert standby.is_leader()
        assert 0.0 <= standby.held_for() < 60.0
    finally:
        active.release()
        standby.release()
