"""Updates that wait for their story's first push: never in the way, never orphaned.

On SQLite and, with TEST_DATABASE_URL, on PostgreSQL (where claims use SKIP LOCKED)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage import claims, fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, utcnow
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_report, add_story, hours_ago


def _story_moves_while_first_pushes_are_in_flight(db: Database, chats: int) -> list[int]:
    """Every chat's first push of a story is claimed, then the story gains a point: each chat
    gets an update waiting for its first push. Returns the first pushes' delivery ids."""
    for chat in range(1, chats + 1):
        subscribe(db, chat, hours_ago(1))
    story = add_story(db, "Talks in Jeddah", points=("Ukraine backs a truce.",))
    fanout.fan_out(db, utcnow())
    units = claims.claim_units(db, "me", utcnow())
    add_report(db, story, "Kremlin", points=("Ukraine backs a truce.", "Moscow will study it."))
    fanout.fan_out(db, utcnow())
    return [i for u in units for i in u.delivery_ids]


def test_updates_waiting_for_their_first_push_never_crowd_out_other_messages(
    database: Database,
) -> None:
    db = database
    first_pushes = _story_moves_while_first_pushes_are_in_flight(db, 60)
    later = utcnow() + timedelta(hours=1)  # Telegram asked us to wait (429)
    outbox.release(db, "me", first_pushes, later, "429: retry later")
    other = add_story(db, "Prisoner exchange")
    fanout.fan_out(db, utcnow())
    [unit] = claims.claim_units(db, "me", utcnow(), limit=1, scan=50)
    assert unit.story_ids == (other,)


def test_a_first_push_that_fails_for_good_takes_its_waiting_updates_with_it(
    database: Database,
) -> None:
    db = database
    first_pushes = _story_moves_while_first_pushes_are_in_flight(db, 1)
    outbox.fail(db, first_pushes, "Bad Request: chat not found", "me")
    with db.session() as session:
        query = select(Delivery.seq, Delivery.status, Delivery.last_error).order_by(Delivery.id)
        rows = session.execute(query).all()
    assert [(r.seq, r.status) for r in rows] == [(0, "failed"), (2, "failed")]
    assert rows[1].last_error == "first push failed: Bad Request: chat not found"
