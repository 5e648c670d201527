"""Databases as earlier releases left them, for the upgrade tests: rows written in each
release's own schema, so an upgrade is tested on what it will really meet."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, text

from bot.storage.db import Database
from tests.storage.conftest import migrate_to

__all__ = ["THEN", "insert_story", "seed_release_one"]

THEN = datetime(2025, 3, 11, 12, tzinfo=UTC)


def seed_release_one(db: Database) -> None:
    """A database as the first release left it: a story, and a chat following the talks in a
    digest with quiet hours, sent that story."""
    migrate_to(db, "0001")
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
        c.execute(
            text(
                "INSERT INTO deliveries (subscriber_id, story_id, status, created_at, due_at, "
                "attempts) VALUES (1, 1, 'sent', :t, :t, 1)"
            ),
            {"t": THEN},
        )


def insert_story(c: Connection, title: str, conflicts: str = "[]") -> None:
    """Story 1 as a release with living stories left it: one revision, not dirty."""
    c.execute(
        text(
            "INSERT INTO stories (id, topic, title, created_at, updated_at, pushable, "
            "conflicts, revision, dirty) VALUES (1, 'ceasefire', :title, :t, :t, :yes, "
            ":conflicts, 1, :no)"
        ),
        {"title": title, "conflicts": conflicts, "t": THEN, "yes": True, "no": False},
    )
