"""The outbox: deliveries written before sending and marked after, so nothing is lost or doubled.

Life of a row::

    fan_out ──► pending ──claim_units──► sending ──mark_sent──► sent
                  ▲  │                      │
                  │  └──fail──► failed ◄────┤   (blocked chat, bad request)
                  └──── release ────────────┘   (429, network error, migrated chat)

A claim records its owner (one id per process) and a lease. Marking sent, releasing and failing
touch only the caller's own claims; `recover_expired` hands back rows whose lease ran out (their
owner died), so a live peer's messages are never taken from it. The crash window is a row that
was `sending` when its owner died: it is sent again after the lease, which errs towards a
possible duplicate of that one message, never a loss. A split message cut short by an error
after its first parts keeps the parts not sent on its rows (`hold_remainder`) as it goes back,
so its retry sends only those; marking sent or failing clears them.

Rows are written by `bot.storage.fanout.fan_out`, once per story revision, and claimed by
`bot.storage.claims.claim_units`; this module holds the claimed unit's shape and every step
after the claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import FIRST_PUSH
from bot.preferences import Preferences
from bot.storage.db import Database
from bot.storage.models import (
    Delivery,
    DeliveryStatus,
    Story,
    Subscriber,
    Subscription,
)
from bot.storage.wanted import UNWANTED_NOTE, unwanted_rows

__all__ = [
    "DEFAULT_LEASE",
    "Item",
    "Remainder",
    "Unit",
    "attempts_of",
    "count_by_status",
    "fail",
    "hold_remainder",
    "mark_sent",
    "recover_expired",
    "recover_own",
    "release",
]

DEFAULT_LEASE = timedelta(minutes=2)
RECOVERED_NOTE = "was in flight when its sender stopped: sent again, may be a duplicate"
UNSUBSCRIBED_NOTE = "unsubscribed while it was being sent"


@dataclass(frozen=True)
class Remainder:
    """A split message interrupted after its first parts reached the chat: what is still owed.

    The parts are kept as they were cut, not rendered again at the retry: a new rendering
    (the story moved, the digest it headed counts other stories) would be cut elsewhere, and
    the chat would miss or repeat text. The message stays the one whose start the chat has.
    """

    message_id: int
    """The first part's message id: what the row records as its message (updates reply to it)."""
    revision: int | None
    """The story revision the message shows, recorded with `sent` once the rest is sent."""
    reply_to: int | None
    """What each part replies to, as the first part did."""
    parts: tuple[str, ...]
    sent: int
    """How many parts reached the chat."""

    def to_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "revision": self.revision,
            "reply_to": self.reply_to,
            "parts": list(self.parts),
            "sent": self.sent,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Remainder | None:
        if not data:
            return None
        return cls(
            int(data["message_id"]),
            None if data.get("revision") is None else int(data["revision"]),
            None if data.get("reply_to") is None else int(data["reply_to"]),
            tuple(str(p) for p in data.get("parts", ())),
            int(data.get("sent", 1)),
        )


@dataclass(frozen=True)
class Item:
    """One delivery in a unit: a first push (seq 0) or an update, and what the chat has."""

    delivery_id: int
    story_id: int
    seq: int
    seen_revision: int | None
    """The newest revision of this story already sent to the chat (None: nothing yet)."""
    reply_to: int | None
    """The message id of the story's first push in this chat, for threading an update."""
    remainder: Remainder | None = None
    """The rest of this row's split message, when an error held it back (sent first)."""


@dataclass(frozen=True)
class Unit:
    """One message to one chat: a single item, or a digest of every due item."""

    subscriber_id: int
    chat_id: int
    items: tuple[Item, ...]
    digest: bool
    prefs: Preferences

    @property
    def delivery_ids(self) -> tuple[int, ...]:
        return tuple(item.delivery_id for item in self.items)

    @property
    def story_ids(self) -> tuple[int, ...]:
        return tuple(item.story_id for item in self.items)


def _subscribed() -> ColumnElement[bool]:
    """The row's chat is still subscribed to the story's topic, has not blocked the bot, and
    the row belongs to its current subscription.

    A row written and claimed before the subscription began was in flight while the chat left
    and came back: its story is backlog for the new subscription ("news starts now"). A first
    push fan-out takes up again after a failure is written anew and claimed anew, so it counts.
    """
    return exists().where(
        Story.id == Delivery.story_id,
        Subscription.subscriber_id == Delivery.subscriber_id,
        Subscription.topic == Story.topic,
        Subscription.active.is_(True),
        Subscriber.id == Delivery.subscriber_id,
        Subscriber.blocked_at.is_(None),
        or_(
            Delivery.created_at >= Subscription.since,
            Delivery.claimed_at.is_(None),
            Delivery.claimed_at >= Subscription.since,
        ),
    )


def _mine(ids: Sequence[int], owner: str) -> list[ColumnElement[bool]]:
    """The caller's own claimed rows among `ids`: nobody touches a live peer's claim."""
    return [
        Delivery.id.in_(ids),
        Delivery.claimed_by == owner,
        Delivery.status == DeliveryStatus.SENDING,
    ]


def mark_sent(
    db: Database,
    owner: str,
    sent: Sequence[tuple[int, int | None]],
    message_id: int | None,
    now: datetime,
    note: str | None = None,
) -> int:
    """sending -> sent for the caller's rows, each with the revision it showed; rows marked."""
    marked = 0
    with db.session() as session:
        for delivery_id, revision in sent:
            result = session.execute(
                update(Delivery)
                .where(*_mine([delivery_id], owner))
                .values(
                    status=DeliveryStatus.SENT,
                    sent_at=now,
                    message_id=message_id,
                    revision=revision,
                    last_error=note,
                    lease_until=None,
                    remainder=None,
                )
            )
            marked += int(result.rowcount)  # type: ignore[attr-defined]
    return marked


def hold_remainder(
    db: Database,
    owner: str,
    shown: Sequence[tuple[int, int | None]],
    message_id: int,
    reply_to: int | None,
    parts: Sequence[str],
    sent: int,
) -> int:
    """Keep, on the caller's rows of an interrupted split message, the parts still to send
    (with the first part's id and each row's revision shown); rows held.

    Called before the rows go back by the error's rule, so their retry sends only the rest.
    """
    held = 0
    with db.session() as session:
        for delivery_id, revision in shown:
            rest = Remainder(message_id, revision, reply_to, tuple(parts), sent)
            result = session.execute(
                update(Delivery)
                .where(*_mine([delivery_id], owner))
                .values(remainder=rest.to_json())
            )
            held += int(result.rowcount)  # type: ignore[attr-defined]
    return held


def renew(db: Database, owner: str, delivery_ids: Sequence[int], until: datetime) -> int:
    """Extend the caller's claims on rows it is still sending; rows renewed.

    A send can outlast its lease without any crash (the rate limiter waiting out several
    long 429s); renewed, its rows are not taken back and sent a second time.
    """
    with db.session() as session:
        result = session.execute(
            update(Delivery).where(*_mine(delivery_ids, owner)).values(lease_until=until)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def release(
    db: Database, owner: str, delivery_ids: Sequence[int], due: datetime, error: str
) -> None:
    """sending -> pending, to be tried again at `due` (Telegram did not take the message)."""
    _back_to_pending(db, due, error, *_mine(delivery_ids, owner))


def fail(db: Database, delivery_ids: Sequence[int], reason: str, owner: str | None = None) -> None:
    """Give up on these rows for good, with the reason (only the owner's, when given).

    A story's first push that fails takes the chat's waiting updates of that story with it:
    an update is never sent without the message it replies to.
    """
    with db.session() as session:
        query = update(Delivery).where(Delivery.id.in_(delivery_ids))
        if owner is not None:
            query = query.where(Delivery.claimed_by == owner)
        session.execute(  # a row taken up again later starts its message afresh
            query.values(
                status=DeliveryStatus.FAILED, last_error=reason, lease_until=None, remainder=None
            )
        )
        lost = session.execute(
            select(Delivery.subscriber_id, Delivery.story_id).where(
                Delivery.id.in_(delivery_ids),
                Delivery.seq == FIRST_PUSH,
                Delivery.status == DeliveryStatus.FAILED,
            )
        ).all()
        for subscriber_id, story_id in lost:
            session.execute(
                update(Delivery)
                .where(
                    Delivery.subscriber_id == subscriber_id,
                    Delivery.story_id == story_id,
                    Delivery.seq != FIRST_PUSH,
                    Delivery.status == DeliveryStatus.PENDING,
                )
                .values(
                    status=DeliveryStatus.FAILED,
                    last_error=f"first push failed: {reason}",
                    remainder=None,
                )
            )


def attempts_of(db: Database, delivery_ids: Sequence[int]) -> int:
    with db.session() as session:
        found = session.scalar(
            select(func.max(Delivery.attempts)).where(Delivery.id.in_(delivery_ids))
        )
        return int(found or 0)


def _back_to_pending(
    db: Database, due: datetime, error: str, *conditions: ColumnElement[bool]
) -> int:
    """`sending` rows matching `conditions` become pending again, due at `due`; how many.

    Those of a chat that unsubscribed (or blocked the bot) meanwhile fail instead: unsubscribing
    failed what was waiting, and these were in flight then, so they would otherwise wait for
    the chat to come back and reach it as backlog; and those of a chat that left and subscribed
    again meanwhile, since coming back fails only what was waiting. So do those whose story the
    chat stopped following or filtered out meanwhile, as its waiting rows did.
    """
    with db.session() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.SENDING, *conditions, ~_subscribed())
            .values(status=DeliveryStatus.FAILED, last_error=UNSUBSCRIBED_NOTE, lease_until=None)
        )
        unwanted = unwanted_rows(session, Delivery.status == DeliveryStatus.SENDING, *conditions)
        if unwanted:
            session.execute(
                update(Delivery)
                .where(Delivery.id.in_(unwanted))
                .values(status=DeliveryStatus.FAILED, last_error=UNWANTED_NOTE, lease_until=None)
            )
        result = session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.SENDING, *conditions)
            .values(
                status=DeliveryStatus.PENDING,
                due_at=due,
                last_error=error,
                claimed_by=None,
                lease_until=None,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def recover_own(db: Database, owner: str, now: datetime) -> int:
    """At start-up: rows this sender (same instance id) held when it stopped are due again.

    They cannot still be in flight, since the process that claimed them is gone, so they need
    not wait for the lease as a dead peer's rows do.
    """
    return _back_to_pending(db, now, RECOVERED_NOTE, Delivery.claimed_by == owner)


def recover_expired(db: Database, now: datetime) -> int:
    """Rows whose sender's lease ran out (it died mid-send) go back to pending."""
    expired = (Delivery.lease_until.is_(None)) | (Delivery.lease_until < now)
    return _back_to_pending(db, now, RECOVERED_NOTE, expired)


def count_by_status(db: Database) -> dict[str, int]:
    with db.session() as session:
        return dict(
            session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
        )
