"""Ingest processes sharing one database split a poll's feeds between them: each takes a batch
at a time, and a feed whose claim ran out while it waited is left to the peer that took it.

On SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.feeds import FEED_LEASE, due_feeds, record_success, renew_claim, sync_feeds

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
FEEDS = [f"https://outlet{n}.example/rss" for n in range(20)]


def test_a_second_ingester_takes_the_feeds_the_first_has_not_claimed(
    database: Database,
) -> None:
    sync_feeds(database, FEEDS)

    first = due_feeds(database, NOW, owner="host:ingest:A", limit=8)
    second = due_feeds(database, NOW + timedelta(seconds=1), owner="host:ingest:B", limit=8)

    assert [f.url for f in first] == FEEDS[:8]
    assert [f.url for f in second] == FEEDS[8:16]


def test_a_poll_s_later_batches_hold_only_feeds_nobody_read_during_it(
    database: Database,
) -> None:
    sync_feeds(database, FEEDS[:12])
    a_started = NOW
    a_first = due_feeds(database, NOW, owner="A", limit=4, read_since=a_started)
    b_batch = due_feeds(database, NOW, owner="B", limit=4, read_since=NOW)
    for feed in a_first + b_batch:  # both read theirs
        record_success(database, feed.id, now=NOW + timedelta(minutes=1))

    a_next = due_feeds(
        database,
        NOW + timedelta(minutes=1),
        owner="A",
        limit=8,
        skip={f.id for f in a_first},
        read_since=a_started,
    )

    assert [f.url for f in a_next] == FEEDS[8:12]  # not B's, though B let go of them


def test_a_feed_whose_claim_ran_out_while_it_waited_is_left_to_the_peer_that_took_it(
    database: Database,
) -> None:
    sync_feeds(database, FEEDS[:2])
    waiting = due_feeds(database, NOW, owner="A", limit=2)
    [late] = waiting[1:]
    assert renew_claim(database, waiting[0].id, "A", NOW + timedelta(minutes=5))
    later = NOW + FEED_LEASE + timedelta(minutes=1)  # A is still busy with its first feed

    taken = due_feeds(database, later, owner="B")

    assert [f.url for f in taken] == [late.url]
    assert not renew_claim(database, late.id, "A", later)  # A must not read it too
    assert renew_claim(database, late.id, "B", later)
