"""Fanning out a story's revision and looking for reports a stop left without a story stay cheap
as the deliveries and off-topic reports pile up: each reads through an index, never the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.storage import fanout
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.story_writes import NewArticle, add_article, unplaced_articles
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.storage.conftest import migrate_to, query_plans

INDEXES = {
    "deliveries": "ix_deliveries_story_subscriber",
    "articles": "ix_articles_story_topic_id",
}


def _indexes(db: Database) -> dict[str, bool]:
    names = inspect(db.engine)
    return {
        table: index in {i["name"] for i in names.get_indexes(table)}
        for table, index in INDEXES.items()
    }


def test_the_lookup_indexes_come_with_the_upgrade_and_go_with_the_downgrade(
    old_database: Database,
) -> None:
    db = old_database
    db.migrate()
    assert _indexes(db) == {"deliveries": True, "articles": True}
    migrate_to(db, "0004", down=True)
    assert _indexes(db) == {"deliveries": False, "articles": False}
    db.migrate()
    assert _indexes(db) == {"deliveries": True, "articles": True}


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    db.migrate()
    return db


def test_fanning_out_a_revision_reads_only_its_story_s_deliveries(sqlite_db: Database) -> None:
    db = sqlite_db
    for chat in (1, 2, 3):
        subscribe(db, chat, hours_ago(1))
    add_story(db, "Prisoner exchange")  # another story's rows, which it need not read
    story = add_story(db, "Talks in Jeddah", points=("Ukraine backs a truce.",))
    fanout.fan_out(db, utcnow())
    add_report(db, story, "Kremlin", points=("Ukraine backs a truce.", "Moscow will study it."))

    plans = query_plans(db, "deliveries", lambda: fanout.fan_out(db, utcnow()))

    assert plans  # the new revision's recipients were looked up
    # Not every row (a scan), nor every sent one (by status): the story's own.
    assert all("USING INDEX ix_deliveries_story_subscriber (story_id=?)" in p for p in plans), (
        plans
    )


def test_looking_for_unplaced_reports_skips_the_off_topic_ones(sqlite_db: Database) -> None:
    db = sqlite_db
    for n in range(3):
        add_article(
            db,
            NewArticle(
                feed_id=None,
                url=f"https://news.example/{n}",
                canonical_url=f"https://news.example/{n}",
                guid=None,
                title=f"Football {n}",
                text="Scores.",
                content_hash=f"h{n}",
                published_at=None,
                relevance=0.1,
                on_topic=n == 2,
            ),
        )

    plans = query_plans(db, "articles", lambda: unplaced_articles(db))

    assert [len(unplaced_articles(db))] == [1]
    [plan] = plans
    # Both conditions are answered by the index, and it gives them in order: no sort, no walk
    # through every off-topic report that has no story either.
    assert "USING INDEX ix_articles_story_topic_id (story_id=? AND on_topic=?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
