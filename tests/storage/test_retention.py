"""Retention: what the daily prune deletes, what it keeps, and what an operator's dry run shows."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.storage import retention
from bot.storage.db import Database
from bot.storage.fanout import fan_out
from bot.storage.models import (
    Article,
    Delivery,
    DeliveryStatus,
    KeyPointRow,
    Story,
    StoryRevision,
    Subscriber,
)
from bot.storage.retention import StoryFacts, prunable, prune
from bot.storage.seen import known_article
from bot.storage.stories import get_story, latest_stories
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    place_article,
    save_revision,
    story_material,
    unplaced_articles,
)
from bot.storage.subscribers import subscribe
from bot.storage.wanted import UNWANTED_NOTE
from summarizer import KeyPoint
from tests.cli import cli_environ, run_cli

NOW = datetime.now(UTC)
LATER = NOW + timedelta(days=100)  # past the default 90-day retention


def report(n: int, *, on_topic: bool = True) -> NewArticle:
    return NewArticle(
        feed_id=None,
        url=f"https://news.example/{n}",
        canonical_url=f"https://news.example/{n}",
        guid=f"g{n}",
        title=f"Envoys meet, report {n}",
        text=f"Envoys met in Geneva for truce talks, report {n}. " * 20,
        content_hash=f"{n:064d}",
        published_at=NOW,
        relevance=0.6 if on_topic else 0.1,
        on_topic=on_topic,
    )


def sent_story(db: Database, n: int, chat_id: int = 100) -> int:
    """A story of one report, summarized, fanned out to a subscriber and sent to it."""
    subscribe(db, chat_id, NOW - timedelta(days=1))
    article_id = add_article(db, report(n))
    assert article_id is not None
    story_id = place_article(db, article_id, None, topic="ceasefire", pushable=True)
    material = story_material(db, story_id)
    assert material is not None
    save_revision(db, material, [KeyPoint("Envoys met.", ("Envoys met.",))], "extractive")
    assert fan_out(db, NOW)
    with db.session() as session:
        for row in session.scalars(select(Delivery).where(Delivery.story_id == story_id)):
            row.status = DeliveryStatus.SENT
    return story_id


def count(db: Database, table: type[object]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_an_old_sent_story_is_deleted_and_its_report_stays_only_as_a_dedup_key(
    database: Database,
) -> None:
    story_id = sent_story(database, 1)

    done = prune(database, LATER, 90)

    assert (done.stories, done.revisions, done.key_points, done.deliveries) == (1, 1, 1, 1)
    assert done.articles_kept_as_keys == 1
    assert get_story(database, story_id) is None
    assert latest_stories(database, 5) == []
    for table in (Story, StoryRevision, KeyPointRow, Delivery):
        assert count(database, table) == 0, table
    with database.session() as session:
        [key] = session.scalars(select(Article)).all()
        assert (key.on_topic, key.story_id, key.text, key.embedding) == (False, None, "", None)
        assert key.title == "Envoys meet, report 1"
        assert known_article(session, None, None, "https://news.example/1", None)
        assert known_article(session, None, None, "https://other.example/", f"{1:064d}")
    # Not an on-topic report without a story, which the next poll would place and push.
    assert unplaced_articles(database) == []
    assert add_article(database, report(1)) is None


@pytest.mark.parametrize("status", [DeliveryStatus.PENDING, DeliveryStatus.SENDING])
def test_an_old_story_with_a_message_still_on_its_way_is_kept(
    database: Database, status: str
) -> None:
    story_id = sent_story(database, 1)
    with database.session() as session:
        session.scalars(select(Delivery)).one().status = status

    done = prune(database, LATER, 90)

    assert (done.stories, done.kept_for_open_work) == (0, 1)
    assert get_story(database, story_id) is not None
    assert count(database, Delivery) == 1


def test_a_story_younger_than_the_retention_is_kept(database: Database) -> None:
    story_id = sent_story(database, 1)

    done = prune(database, NOW + timedelta(days=89), 90)

    assert done.stories == 0
    assert get_story(database, story_id) is not None


def test_retention_of_zero_days_keeps_everything(database: Database) -> None:
    story_id = sent_story(database, 1)
    add_article(database, report(2, on_topic=False))

    done = prune(database, NOW + timedelta(days=3650), 0)

    assert (done.stories, done.off_topic_texts_cleared) == (0, 0)
    assert get_story(database, story_id) is not None


def test_a_dry_run_counts_what_would_go_and_deletes_nothing(database: Database) -> None:
    story_id = sent_story(database, 1)

    done = prune(database, LATER, 90, dry_run=True)

    assert (done.stories, done.deliveries, done.articles_kept_as_keys) == (1, 1, 1)
    assert get_story(database, story_id) is not None
    with database.session() as session:
        assert session.scalars(select(Article.text)).one() != ""


def test_a_first_prune_of_many_stories_goes_in_batches_and_deletes_them_all(
    database: Database,
) -> None:
    ids = [sent_story(database, n, chat_id=100 + n) for n in range(5)]

    done = prune(database, LATER, 90, batch=2)

    assert done.stories == 5
    assert [get_story(database, i) for i in ids] == [None] * 5
    assert count(database, Article) == 5


def test_a_prune_asked_to_stop_ends_between_batches(database: Database) -> None:
    for n in range(3):
        sent_story(database, n, chat_id=100 + n)
    asked = iter([False, True])

    done = prune(database, LATER, 90, batch=1, stop=lambda: next(asked, True))

    assert done.stories == 1
    assert count(database, Story) == 2


def test_an_off_topic_report_is_stored_without_its_text_and_still_dedups(
    database: Database,
) -> None:
    assert add_article(database, report(7, on_topic=False)) is not None

    with database.session() as session:
        [row] = session.scalars(select(Article)).all()
        assert (row.text, row.title, row.relevance) == ("", "Envoys meet, report 7", 0.1)
        assert row.content_hash == f"{7:064d}"
    # The same text under another URL, the same URL, the same guid: all known.
    again = report(7, on_topic=False)
    assert add_article(database, again) is None
    with database.session() as session:
        assert known_article(session, None, None, "https://elsewhere.example/7", f"{7:064d}")


def test_an_old_databases_off_topic_texts_are_cleared_and_the_rows_still_dedup(
    database: Database,
) -> None:
    with database.session() as session:  # stored with its text, as before retention
        for n, fetched in ((9, NOW), (10, LATER)):
            url = f"https://news.example/{n}"
            session.add(
                Article(url=url, canonical_url=url, guid=f"g{n}", title="Library opens",
                        text="A library opened. " * 50, content_hash=f"h{n}", fetched_at=fetched,
                        relevance=0.1, on_topic=False)
            )  # fmt: skip

    done = prune(database, LATER, 90)

    assert done.off_topic_texts_cleared == 1
    with database.session() as session:
        texts = dict(session.execute(select(Article.canonical_url, Article.text)).all())
        assert texts["https://news.example/9"] == ""
        assert texts["https://news.example/10"] != ""  # younger than the retention
        assert known_article(session, None, "g9", "https://x.example/", "h9")


def test_the_rule_keeps_a_story_with_work_still_to_do() -> None:
    cutoff = NOW
    old = NOW - timedelta(days=1)
    facts = StoryFacts(1, old, old, open_deliveries=0, dirty=False, unfanned_revisions=0)
    assert prunable(facts, cutoff)
    assert not prunable(StoryFacts(1, old, NOW, 0, False, 0), cutoff)  # a report joined today
    assert not prunable(StoryFacts(1, NOW, old, 0, False, 0), cutoff)
    assert not prunable(StoryFacts(1, old, old, 1, False, 0), cutoff)  # a message waiting
    assert not prunable(StoryFacts(1, old, old, 0, True, 0), cutoff)  # a summary to write
    assert not prunable(StoryFacts(1, old, old, 0, False, 1), cutoff)  # a fan-out to do
    assert prunable(StoryFacts(1, old, None, 0, False, 0), cutoff)


# -- python -m bot prune ---------------------------------------------------------------------


def run_prune(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = cli_environ(tmp_path)
    environ.pop("RETENTION_DAYS", None)
    return run_cli({**environ, **env}, "prune", *args, timeout=120)


def aged_story(tmp_path: Path) -> Database:
    """A database holding a story sent long ago (its report fetched 100 days back)."""
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    db.migrate()
    sent_story(db, 1)
    with db.session() as session:
        long_ago = datetime.now(UTC) - timedelta(days=100)
        for article in session.scalars(select(Article)):
            article.fetched_at = long_ago
        for story in session.scalars(select(Story)):
            story.updated_at = long_ago
    return db


def test_the_cli_dry_run_prints_the_counts_and_deletes_nothing(tmp_path: Path) -> None:
    db = aged_story(tmp_path)

    run = run_prune(tmp_path, "--dry-run")

    assert run.returncode == 0, run.stderr
    assert "older than 90 days" in run.stdout
    assert "would delete (dry run, nothing deleted)" in run.stdout
    assert "  stories: 1\n" in run.stdout
    assert "  deliveries: 1\n" in run.stdout
    assert count(db, Story) == 1

    run = run_prune(tmp_path)

    assert run.returncode == 0, run.stderr
    assert ": deleted\n" in run.stdout
    assert "  stories: 1\n" in run.stdout
    assert count(db, Story) == 0
    db.dispose()


def test_the_cli_with_retention_zero_keeps_everything(tmp_path: Path) -> None:
    db = aged_story(tmp_path)

    run = run_prune(tmp_path, RETENTION_DAYS="0")

    assert run.returncode == 0, run.stderr
    assert "RETENTION_DAYS=0: everything is kept" in run.stdout
    assert count(db, Story) == 1
    db.dispose()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", "RETENTION_DAYS=3 is too short for STORY_WINDOW_HOURS=72: use at least 7 days"),
        ("-1", "RETENTION_DAYS: Input should be greater than or equal to 0"),
        ("99999", "RETENTION_DAYS: Input should be less than or equal to 3650"),
        ("ninety", "RETENTION_DAYS: Input should be a valid integer"),
    ],
)
def test_the_cli_refuses_a_bad_retention_with_a_clear_message_and_deletes_nothing(
    tmp_path: Path, value: str, message: str
) -> None:
    db = aged_story(tmp_path)

    run = run_prune(tmp_path, RETENTION_DAYS=value)

    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert count(db, Story) == 1
    db.dispose()


def test_a_story_found_after_a_prune_never_takes_a_pruned_storys_number(
    database: Database,
) -> None:
    pruned = [sent_story(database, n, chat_id=100 + n) for n in range(2)]
    prune(database, LATER, 90)

    newer = sent_story(database, 7)

    # An old "/story N" or story button names a pruned story: it must not open this one.
    assert newer > max(pruned)


def test_a_prune_deletes_at_most_a_row_budget_of_messages_per_transaction(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "ROW_BUDGET", 3)
    small = sent_story(database, 1, chat_id=100)
    big = sent_story(database, 2, chat_id=200)
    for chat in range(201, 208):  # the big story reached 8 chats
        subscribe(database, chat, NOW - timedelta(days=1))
    with database.session() as session:
        session.add_all(
            Delivery(subscriber_id=sub, story_id=big, status=DeliveryStatus.SENT, due_at=NOW)
            for sub in session.scalars(select(Subscriber.id).where(Subscriber.chat_id > 200))
        )
    deleted_per_statement: list[int] = []

    def watch(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM DELIVERIES"):
            deleted_per_statement.append(cursor.rowcount)

    messages = count(database, Delivery)
    event.listen(database.engine, "after_cursor_execute", watch)
    try:
        done = prune(database, LATER, 90)
    finally:
        event.remove(database.engine, "after_cursor_execute", watch)

    assert [get_story(database, i) for i in (small, big)] == [None, None]
    assert count(database, Delivery) == 0
    assert (done.stories, done.deliveries) == (2, messages)  # the chunked ones counted too
    assert deleted_per_statement
    assert max(deleted_per_statement) <= 3


def test_an_old_story_a_chat_dropped_today_by_unticking_its_conflict_is_kept(
    database: Database,
) -> None:
    story_id = sent_story(database, 1)
    with database.session() as session:
        row = session.scalars(select(Delivery)).one()
        row.status, row.last_error, row.created_at = DeliveryStatus.FAILED, UNWANTED_NOTE, LATER

    done = prune(database, LATER, 90)

    # Ticking the conflict again today brings the message back: its story must still be there.
    assert (done.stories, done.kept_for_open_work) == (0, 1)
    assert get_story(database, story_id) is not None


def test_every_report_column_is_kept_blanked_or_dropped_by_decision() -> None:
    columns = {column.name for column in Article.__table__.columns}
    decided = set(retention.KEY_COLUMNS) | set(retention.BLANKED) | retention.DROPPED

    assert columns == decided  # a new column must be placed in one of the three
