"""Two ingesting processes on one host share the feeds instead of polling each one twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.services import (
    dead_local_ingesters,
    ingest_owner,
    ingest_prefix,
    release_dead_ingest_claims,
)
from bot.storage.db import Database
from bot.storage.feeds import due_feeds, sync_feeds
from config import Settings

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
BOT_PID, ONCE_PID, DEAD_PID, RESTARTED_PID = 4101, 4102, 4103, 4104


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    database.migrate()
    yield database
    database.dispose()


def claim(db: Database, owner: str) -> list[str]:
    return [feed.url for feed in due_feeds(db, NOW, owner=owner)]


def test_ingest_once_beside_a_running_bot_polls_none_of_the_feeds_the_bot_holds(
    db: Database,
) -> None:
    settings = Settings(_env_file=None)
    sync_feeds(db, ["https://a.example/rss", "https://b.example/rss"])
    running_bot = ingest_owner(settings, BOT_PID)
    ingest_once = ingest_owner(settings, ONCE_PID)
    assert claim(db, running_bot) == ["https://a.example/rss", "https://b.example/rss"]
    assert claim(db, ingest_once) == []  # the bot is polling them right now


def test_an_instance_id_is_the_owner_and_a_restart_with_it_takes_its_feeds_back(
    db: Database,
) -> None:
    settings = Settings(_env_file=None, instance_id="ingest-a")
    assert ingest_owner(settings, BOT_PID) == ingest_owner(settings, RESTARTED_PID) == "ingest-a"
    sync_feeds(db, ["https://a.example/rss"])
    assert claim(db, "ingest-a") == ["https://a.example/rss"]
    assert claim(db, "ingest-a") == ["https://a.example/rss"]  # killed mid-poll, restarted


def test_a_restarted_ingester_takes_back_only_what_a_dead_process_on_this_host_held(
    db: Database,
) -> None:
    settings = Settings(_env_file=None)
    sync_feeds(db, ["https://dead.example/rss"])
    claim(db, ingest_owner(settings, DEAD_PID))  # killed in the middle of this poll
    sync_feeds(db, ["https://dead.example/rss", "https://live.example/rss"])
    claim(db, ingest_owner(settings, BOT_PID))  # still running
    urls = ["https://dead.example/rss", "https://live.example/rss", "https://far.example/rss"]
    sync_feeds(db, urls)
    claim(db, "other-host:ingest:4103")  # the same pid on another host says nothing

    released = release_dead_ingest_claims(db, alive=lambda pid: pid != DEAD_PID)

    assert released == 1
    assert claim(db, ingest_owner(settings, RESTARTED_PID)) == ["https://dead.example/rss"]


def test_two_pods_whose_long_names_share_a_beginning_claim_as_two_owners() -> None:
    first = ingest_prefix("ceasefire-news-bot-ingest-deployment-6d9f8-abcde", "4026531836")
    second = ingest_prefix("ceasefire-news-bot-ingest-deployment-6d9f8-fghij", "4026531836")
    assert first != second
    assert len(f"{first}4194304") <= 64  # the column's width, with the largest pid


def test_a_process_in_another_process_table_is_never_judged_dead() -> None:
    here = ingest_prefix("node1", "4026531836")
    other_container = f"{ingest_prefix('node1', '4026532999')}4000000"
    assert dead_local_ingesters([other_container], here, alive=lambda pid: False) == []
    assert dead_local_ingesters([f"{here}4000000"], here, alive=lambda pid: False) == [
        f"{here}4000000"
    ]
