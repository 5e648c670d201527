"""Claiming: which pending outbox rows go out now, grouped into one message per chat.

A claim takes a chat's due rows for one owner until its lease ends (see `bot.storage.outbox`
for the rest of a row's life). It skips chats in their quiet hours (moving their rows to the
quiet hours' end), updates whose first push has not reached the chat yet, and chats that
unsubscribed or blocked the bot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, and_, exists, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import FIRST_PUSH
from bot.preferences import Preferences
from bot.scheduling import quiet_until
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, Story, Subscriber, Subscription
from bot.storage.outbox import DEFAULT_LEASE, Item, Remainder, Unit

__all__ = ["claim_units"]

QUIET_RESCANS = 20
"""Scans one claim makes past rows of chats in their quiet hours (each scan moves the rows it
read to the quiet hours' end), so a night's backlog of such rows does not hold up the chats
behind it for a send round per scan."""


def _seen_revisions(
    session: Session, pairs: set[tuple[int, int]]
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], tuple[str, int | None]]]:
    """For (subscriber, story) pairs: newest revision sent, and the first push's status/id."""
    seen: dict[tuple[int, int], int] = {}
    first: dict[tuple[int, int], tuple[str, int | None]] = {}
    if not pairs:
        return seen, first
    subscribers = {p[0] for p in pairs}
    stories = {p[1] for p in pairs}
    rows = session.execute(
        select(
            Delivery.subscriber_id,
            Delivery.story_id,
            Delivery.seq,
            Delivery.status,
            Delivery.revision,
            Delivery.message_id,
        ).where(Delivery.subscriber_id.in_(subscribers), Delivery.story_id.in_(stories))
    ).all()
    for subscriber_id, story_id, seq, status, revision, message_id in rows:
        key = (subscriber_id, story_id)
        if key not in pairs:
            continue
        if seq == FIRST_PUSH:
            first[key] = (status, message_id)
        if status == DeliveryStatus.SENT and revision is not None:
            seen[key] = max(seen.get(key, 0), revision)
    return seen, first


def claim_units(
    db: Database,
    owner: str,
    now: datetime,
    *,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 500,
    scan: int = 500,
) -> list[Unit]:
    """Claim up to `limit` units due now, one per chat, for `owner` until the lease ends.

    A digest subscriber's due items, and an instant subscriber's items that piled up (quiet
    hours ending, a burst of news), are one unit: one message instead of a burst (an instant
    reader's updates follow it as replies, `bot.delivery.compose.render_unit`). An update
    waits until the story's first push reached the chat. Only chats still subscribed are
    claimed. Rows that fell due before a chat's quiet hours but are claimed inside them (the
    bot was down, a retry waited) move to the quiet hours' end instead. On PostgreSQL the due
    rows are locked with SKIP LOCKED, so concurrent senders take disjoint rows without waiting
    on each other.
    """
    due = _due_rows(now, db.dialect)
    with db.session() as session:
        chats: list[int] = []
        for _ in range(QUIET_RESCANS):
            scanned = session.execute(due.limit(max(scan, limit))).all()
            chats = _outside_quiet_hours(session, scanned, now)[:limit]
            if chats or len(scanned) < max(scan, limit):
                break
            # Every scanned row was a chat's in its quiet hours, now moved past them: the rows
            # behind them may be of chats that can be sent to now.
        if not chats:
            return []
        # Every due row of the chosen chats, not only those the scan reached: fan-out writes
        # one story to every chat before the next, so with many chats due at one digest time
        # a chat's stories lie far apart in due order, and would go out as several digests.
        rows = session.execute(due.where(Delivery.subscriber_id.in_(chats))).all()
        claimed: list[Unit] = []
        for unit in _units(session, rows)[:limit]:
            if _take(session, unit, owner, now, lease):  # else a peer took some: leave it to it
                claimed.append(unit)
        return claimed


def _due_rows(now: datetime, dialect: str) -> Select[Any]:
    """Pending rows due by `now` of chats still subscribed to the story's topic, oldest first;
    an update only once the story's first push reached the chat."""
    due = (
        select(
            Delivery.id,
            Delivery.story_id,
            Delivery.subscriber_id,
            Delivery.seq,
            Subscriber.chat_id,
            Subscription.prefs,
            Delivery.remainder,
        )
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .join(Story, Story.id == Delivery.story_id)
        .join(
            Subscription,
            (Subscription.subscriber_id == Delivery.subscriber_id)
            & (Subscription.topic == Story.topic),
        )
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.due_at <= now,
            Subscription.active.is_(True),
            Subscriber.blocked_at.is_(None),
            or_(Delivery.seq == FIRST_PUSH, _first_push_sent()),
        )
        .order_by(Delivery.due_at, Delivery.id)
    )
    if dialect == "postgresql":
        due = due.with_for_update(skip_locked=True, of=Delivery)
    return due


def _units(session: Session, rows: Sequence[Row[Any]]) -> list[Unit]:
    """One unit per chat, in the order the chats' first rows came: a digest when the chat
    reads digests or has several items due at once."""
    pairs = {(r.subscriber_id, r.story_id) for r in rows}
    seen, first = _seen_revisions(session, pairs)
    grouped: dict[int, list[tuple[Item, int, Preferences]]] = {}
    for row in rows:
        key = (row.subscriber_id, row.story_id)
        _, first_message = first.get(key, (None, None))
        rest = Remainder.from_json(row.remainder)
        item = Item(row.id, row.story_id, row.seq, seen.get(key), first_message, rest)
        prefs = Preferences.from_json(row.prefs)
        grouped.setdefault(row.subscriber_id, []).append((item, row.chat_id, prefs))
    units: list[Unit] = []
    for subscriber_id, entries in grouped.items():
        prefs = entries[0][2]
        digest = prefs.mode == "digest" or len(entries) > 1
        items = [e[0] for e in entries]
        units.append(Unit(subscriber_id, entries[0][1], tuple(items), digest, prefs))
    return units


def _take(session: Session, unit: Unit, owner: str, now: datetime, lease: timedelta) -> bool:
    """Mark the unit's rows as `owner`'s until the lease ends; False, with nothing taken,
    when a peer took some of them first (SQLite has no row locks)."""
    savepoint = session.begin_nested()
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(unit.delivery_ids), Delivery.status == DeliveryStatus.PENDING)
        .values(
            status=DeliveryStatus.SENDING,
            claimed_at=now,
            claimed_by=owner,
            lease_until=now + lease,
            attempts=Delivery.attempts + 1,
        )
    )
    if result.rowcount == len(unit.items):  # type: ignore[attr-defined]
        savepoint.commit()
        return True
    savepoint.rollback()
    return False


def _outside_quiet_hours(
    session: Session, scanned: Sequence[Row[Any]], now: datetime
) -> list[int]:
    """The scanned rows' chats in due order, less those in their quiet hours now, whose scanned
    rows move to the quiet hours' end."""
    chats: list[int] = []
    quiet: dict[int, datetime | None] = {}
    for row in scanned:
        if row.subscriber_id not in quiet:
            quiet[row.subscriber_id] = quiet_until(Preferences.from_json(row.prefs), now)
            if quiet[row.subscriber_id] is None:
                chats.append(row.subscriber_id)
    for subscriber_id, end in quiet.items():
        if end is not None:
            ids = [r.id for r in scanned if r.subscriber_id == subscriber_id]
            session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(due_at=end))
    return chats


def _first_push_sent() -> ColumnElement[bool]:
    """The row's story has reached its chat: updates that wait for it are not scanned, so
    however many of them wait, they never crowd out the rows that can go now."""
    first = aliased(Delivery)
    return exists().where(
        and_(
            first.subscriber_id == Delivery.subscriber_id,
            first.story_id == Delivery.story_id,
            first.seq == FIRST_PUSH,
            first.status == DeliveryStatus.SENT,
        )
    )
