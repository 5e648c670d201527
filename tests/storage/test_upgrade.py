"""Upgrading a database made by the previous release keeps its stories and subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bot.storage.db import MIGRATIONS_DIR, Database
from bot.storage.stories import get_story, story_timeline
from bot.storage.subscribers import get_subscription

THEN = datetime(2025, 3, 11, 12, tzinfo=UTC)


def _migrate_to(db: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_stories_and_timing_survive_the_upgrade_to_living_stories(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    _migrate_to(db, "0001")
    with db.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO stories (id, topic, title, created_at, updated_at, pushable, "
                "fanned_out_at) VALUES (1, 'ceasefire', 'Talks open', :t, :t, 1, :t)"
            ),
            {"t": THEN},
        )
        c.execute(
            text(
                "INSERT INTO key_points (story_id, position, text, evidence) "
                "VALUES (1, 0, 'Talks opened.', '[\"Talks opened in Geneva.\"]')"
            )
        )
        c.execute(text("INSERT INTO subscribers (id, chat_id, created_at) VALUES (1, 42, :t)"),
                  {"t": THEN})  # fmt: skip
        c.execute(
            text(
                "INSERT INTO subscriptions (subscriber_id, topic, active, since, mode, "
                "digest_times, timezone, quiet_start, quiet_end) VALUES (1, 'ceasefire', 1, :t, "
                "'digest', '[\"08:00\"]', 'Europe/Kyiv', '23:00', '07:00')"
            ),
            {"t": THEN},
        )
    db.migrate()

    story = get_story(db, 1)
    assert story is not None
    assert [(p.text, p.evidence) for p in story.key_points] == [
        ("Talks opened.", ("Talks opened in Geneva.",))
    ]
    assert [t.number for t in story_timeline(db, 1)] == [1]
    info = get_subscription(db, 42)
    assert info is not None
    assert (info.prefs.mode, info.prefs.digest_times, info.prefs.timezone) == (
        "digest",
        ("08:00",),
        "Europe/Kyiv",
    )
    assert (info.prefs.quiet_start, info.prefs.quiet_end) == ("23:00", "07:00")
    db.dispose()
