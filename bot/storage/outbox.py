"""The outbox: deliveries written before sending and marked after, so nothing is lost or doubled.

Life of a row::

    fan_out ──► pending ──claim──► sending ──mark_sent──► sent
                  ▲  │                │
                  │  └──fail──► failed ◄── (blocked chat, bad request)
                  └─── release ───────┘    (429, network error, migrated chat)

A row is `sending` only between the commit that claims it and the commit right after Telegram
answers. Rows found `sending` at start-up are that crash window: `recover_in_flight` puts them back
to `pending`, so the bot errs towards a possible duplicate of those few messages, never a loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from bot.scheduling import due_at
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, Story, Subscriber, Subscription
from bot.storage.subscribers import prefs_of

__all__ = [
    "Unit",
    "claim",
    "count_by_status",
    "fail",
    "fan_out",
    "mark_sent",
    "next_units",
    "recover_in_flight",
    "release",
]

RECOVERED_NOTE = "was in flight at a crash: sent again, may be a duplicate"


@dataclass(frozen=True)
class Unit:
    """One message to one chat: a single story (instant) or every due story (digest)."""

    subscriber_id: int
    chat_id: int
    delivery_ids: tuple[int, ...]
    story_ids: tuple[int, ...]
    digest: bool


def fan_out(db: Database, now: datetime) -> dict[int, int]:
    """Write the deliveries of every story not fanned out yet; {story id: rows written}.

    One transaction per story writes its rows and sets `fanned_out_at`, so a crash in between
    leaves the story to be fanned out again, and the unique (subscriber, story) key keeps a
    second run from doubling anything.
    """
    with db.session() as session:
        story_ids = list(
            session.scalars(
                select(Story.id).where(Story.fanned_out_at.is_(None)).order_by(Story.id)
            )
        )
    written: dict[int, int] = {}
    for story_id in story_ids:
        with db.session() as session:
            story = session.get(Story, story_id)
            if story is None or story.fanned_out_at is not None:
                continue
            count = 0
            if story.pushable:
                done = set(
                    session.scalars(
                        select(Delivery.subscriber_id).where(Delivery.story_id == story_id)
                    )
                )
                subscriptions = session.scalars(
                    select(Subscription)
                    .join(Subscriber)
                    .where(
                        Subscription.active,
                        Subscription.topic == story.topic,
                        Subscription.since < story.created_at,
                        Subscriber.blocked_at.is_(None),
                    )
                )
                for subscription in subscriptions:
                    if subscription.subscriber_id in done:
                        continue
                    session.add(
                        Delivery(
                            subscriber_id=subscription.subscriber_id,
                            story_id=story_id,
                            status=DeliveryStatus.PENDING,
                            created_at=now,
                            due_at=due_at(prefs_of(subscription), now),
                        )
                    )
                    count += 1
            story.fanned_out_at = now
            written[story_id] = count
    return written


def next_units(db: Database, now: datetime, limit: int = 500) -> list[Unit]:
    """What is due now, one unit per chat: the oldest story, or all of them for a digest."""
    with db.session() as session:
        rows = session.execute(
            select(
                Delivery.id,
                Delivery.story_id,
                Delivery.subscriber_id,
                Subscriber.chat_id,
                Subscription.mode,
            )
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .join(Story, Story.id == Delivery.story_id)
            .join(
                Subscription,
                (Subscription.subscriber_id == Delivery.subscriber_id)
                & (Subscription.topic == Story.topic),
            )
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.due_at <= now)
            .order_by(Delivery.due_at, Delivery.id)
            .limit(limit)
        ).all()
    grouped: dict[int, list[tuple[int, int, int, str]]] = {}
    for delivery_id, story_id, subscriber_id, chat_id, mode in rows:
        grouped.setdefault(subscriber_id, []).append((delivery_id, story_id, chat_id, mode))
    units = []
    for subscriber_id, items in grouped.items():
        digest = items[0][3] == "digest"
        chosen = items if digest else items[:1]
        units.append(
            Unit(
                subscriber_id=subscriber_id,
                chat_id=items[0][2],
                delivery_ids=tuple(i[0] for i in chosen),
                story_ids=tuple(i[1] for i in chosen),
                digest=digest,
            )
        )
    return units


def claim(db: Database, delivery_ids: Sequence[int], now: datetime) -> bool:
    """pending -> sending, committed before the HTTP call; False if any row was not pending."""
    with db.session() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids), Delivery.status == DeliveryStatus.PENDING)
            .values(status=DeliveryStatus.SENDING, claimed_at=now, attempts=Delivery.attempts + 1)
        )
        if result.rowcount != len(delivery_ids):  # type: ignore[attr-defined]
            session.rollback()
            return False
        return True


def mark_sent(
    db: Database,
    delivery_ids: Sequence[int],
    message_id: int | None,
    now: datetime,
    note: str | None = None,
) -> None:
    """sending -> sent, committed as soon as Telegram answered."""
    with db.session() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids))
            .values(
                status=DeliveryStatus.SENT, sent_at=now, message_id=message_id, last_error=note
            )
        )


def release(db: Database, delivery_ids: Sequence[int], due: datetime, error: str) -> None:
    """sending -> pending, to be tried again at `due` (Telegram did not take the message)."""
    with db.session() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids))
            .values(status=DeliveryStatus.PENDING, due_at=due, last_error=error)
        )


def fail(db: Database, delivery_ids: Sequence[int], reason: str) -> None:
    """Give up on these rows for good, with the reason."""
    with db.session() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids))
            .values(status=DeliveryStatus.FAILED, last_error=reason)
        )


def attempts_of(db: Database, delivery_ids: Sequence[int]) -> int:
    with db.session() as session:
        found = session.scalar(
            select(func.max(Delivery.attempts)).where(Delivery.id.in_(delivery_ids))
        )
        return int(found or 0)


def recover_in_flight(db: Database, now: datetime) -> int:
    """At start-up: rows a crash left `sending` go back to `pending` (errs to a duplicate)."""
    with db.session() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.SENDING)
            .values(status=DeliveryStatus.PENDING, due_at=now, last_error=RECOVERED_NOTE)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def count_by_status(db: Database) -> dict[str, int]:
    with db.session() as session:
        return dict(
            session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
        )
