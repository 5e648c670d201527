"""Subscribers and their subscriptions: who gets pushes, how and when.

Each function is one short transaction. Changing a subscription's timing reschedules its pending
deliveries, so a switch to digests takes effect for stories already waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.preferences import Preferences
from bot.scheduling import due_at
from bot.storage.db import Database, once_more_on_conflict
from bot.storage.models import (
    Delivery,
    DeliveryStatus,
    Subscriber,
    Subscription,
)

__all__ = [
    "DEFAULT_TOPIC",
    "SubscriptionInfo",
    "get_subscription",
    "mark_blocked",
    "follow_chat",
    "migrate_chat",
    "subscribe",
    "touch_subscriber",
    "unsubscribe",
    "update_prefs",
]

DEFAULT_TOPIC = "ceasefire"


@dataclass(frozen=True)
class SubscriptionInfo:
    """A chat's subscription as the /settings command shows it."""

    active: bool
    prefs: Preferences


def prefs_of(subscription: Subscription) -> Preferences:
    """The one place a stored row becomes the preferences value."""
    return Preferences.from_json(subscription.prefs)


def _subscriber(session: Session, chat_id: int, now: datetime) -> Subscriber:
    found = session.scalar(select(Subscriber).where(Subscriber.chat_id == chat_id))
    if found is None:
        found = Subscriber(chat_id=chat_id, created_at=now)
        session.add(found)
        session.flush()
    return found


def _subscription(session: Session, chat_id: int, topic: str) -> Subscription | None:
    return session.scalar(
        select(Subscription)
        .join(Subscriber)
        .where(Subscriber.chat_id == chat_id, Subscription.topic == topic)
    )


def touch_subscriber(db: Database, chat_id: int, now: datetime) -> None:
    """Remember a chat that talked to the bot (a /start clears an old block)."""
    once_more_on_conflict(lambda: _touch(db, chat_id, now))


def _touch(db: Database, chat_id: int, now: datetime) -> None:
    with db.session() as session:
        _subscriber(session, chat_id, now).blocked_at = None


def subscribe(db: Database, chat_id: int, now: datetime, topic: str = DEFAULT_TOPIC) -> bool:
    """Subscribe the chat; False if it already was. News starts now: no backlog."""
    return once_more_on_conflict(lambda: _subscribe(db, chat_id, now, topic))


def _subscribe(db: Database, chat_id: int, now: datetime, topic: str) -> bool:
    with db.session() as session:
        subscriber = _subscriber(session, chat_id, now)
        subscriber.blocked_at = None
        subscription = _subscription(session, chat_id, topic)
        if subscription is None:
            session.add(
                Subscription(
                    subscriber_id=subscriber.id,
                    topic=topic,
                    active=True,
                    since=now,
                    prefs=Preferences().to_json(),
                )
            )
            return True
        if subscription.active:
            return False
        subscription.active = True
        subscription.since = now
        return True


def unsubscribe(db: Database, chat_id: int, topic: str = DEFAULT_TOPIC) -> bool:
    """Stop pushes to the chat, dropping what was still waiting; False if not subscribed."""
    with db.session() as session:
        subscription = _subscription(session, chat_id, topic)
        if subscription is None or not subscription.active:
            return False
        subscription.active = False
        _fail_waiting(session, subscription.subscriber_id, "unsubscribed")
        return True


def get_subscription(
    db: Database, chat_id: int, topic: str = DEFAULT_TOPIC
) -> SubscriptionInfo | None:
    with db.session() as session:
        subscription = _subscription(session, chat_id, topic)
        if subscription is None:
            return None
        return SubscriptionInfo(subscription.active, prefs_of(subscription))


def update_prefs(
    db: Database, chat_id: int, prefs: Preferences, now: datetime, topic: str = DEFAULT_TOPIC
) -> SubscriptionInfo | None:
    """Store the chat's preferences; a change of timing moves its pending deliveries to match
    (None if the chat is unknown).

    Only a change of timing: a new language, number of points or filter leaves them as they
    are, so an update held back by the 30-minute cooldown is not sent at once.
    """
    with db.session() as session:
        subscription = _subscription(session, chat_id, topic)
        if subscription is None:
            return None
        before = prefs_of(subscription)
        subscription.prefs = prefs.to_json()
        if _timing(before) == _timing(prefs):
            return SubscriptionInfo(subscription.active, prefs)
        session.execute(
            update(Delivery)
            .where(
                Delivery.subscriber_id == subscription.subscriber_id,
                Delivery.status == DeliveryStatus.PENDING,
            )
            .values(due_at=due_at(prefs, now))
        )
        return SubscriptionInfo(subscription.active, prefs)


def _timing(prefs: Preferences) -> tuple[object, ...]:
    return (prefs.mode, prefs.digest_times, prefs.timezone, prefs.quiet_start, prefs.quiet_end)


def _fail_waiting(session: Session, subscriber_id: int, reason: str) -> None:
    session.execute(
        update(Delivery)
        .where(
            Delivery.subscriber_id == subscriber_id,
            Delivery.status == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.FAILED, last_error=reason)
    )


def mark_blocked(db: Database, subscriber_id: int, reason: str, now: datetime) -> None:
    """The chat blocked the bot or is gone: unsubscribe it and fail what was waiting."""
    with db.session() as session:
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is not None:
            _end(session, subscriber, reason, now)


def _end(session: Session, subscriber: Subscriber, reason: str, now: datetime) -> None:
    """The chat gets nothing more: marked blocked, unsubscribed, its waiting rows failed."""
    subscriber.blocked_at = now
    session.execute(
        update(Subscription)
        .where(Subscription.subscriber_id == subscriber.id)
        .values(active=False)
    )
    _fail_waiting(session, subscriber.id, reason)


def migrate_chat(db: Database, subscriber_id: int, new_chat_id: int, now: datetime) -> bool:
    """A group became a supergroup: follow it to its new id. True when its messages should be
    sent again there.

    Someone may have used the bot in the supergroup before a message to the old id told us
    of the move. A row that only remembers that (or an ended subscription) is dropped, so the
    group keeps its subscriptions; a supergroup that subscribed on its own keeps its own, and
    the old group's subscription ends with False, so the same news is not sent to one chat
    twice.
    """
    with db.session() as session:
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is None:
            return False
        if subscriber.chat_id == new_chat_id:
            return True
        there = session.scalar(select(Subscriber).where(Subscriber.chat_id == new_chat_id))
        if there is not None and any(s.active for s in there.subscriptions):
            _end(session, subscriber, f"migrated to {new_chat_id}, subscribed there", now)
            return False
        if there is not None:
            session.delete(there)
            session.flush()
        subscriber.chat_id = new_chat_id
        return True


def follow_chat(db: Database, old_chat_id: int, new_chat_id: int, now: datetime) -> bool:
    """Telegram said the group `old_chat_id` is now the supergroup `new_chat_id`: move its
    subscriber there (see `migrate_chat`). False when there was nothing to move."""
    with db.session() as session:
        subscriber_id = session.scalar(
            select(Subscriber.id).where(Subscriber.chat_id == old_chat_id)
        )
    return subscriber_id is not None and migrate_chat(db, subscriber_id, new_chat_id, now)
