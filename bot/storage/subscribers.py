"""Subscribers and their subscriptions: who gets pushes, how and when.

Each function is one short transaction. Changing a subscription's timing reschedules its pending
deliveries, so a switch to digests takes effect for stories already waiting; changing what it
follows drops the waiting stories it no longer wants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import FIRST_PUSH, update_due
from bot.preferences import Preferences
from bot.scheduling import due_at
from bot.storage.db import Database, once_more_on_conflict
from bot.storage.models import (
    Delivery,
    DeliveryStatus,
    Subscriber,
    Subscription,
)
from bot.storage.sent_history import last_updates_sent
from bot.storage.wanted import UNWANTED_NOTE, revive_wanted, unwanted_stories

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
LEFT_NOTE = "planned while the chat was leaving"


@dataclass(frozen=True)
class SubscriptionInfo:
    """A chat's subscription as the /settings command shows it."""

    active: bool
    prefs: Preferences


def prefs_of(subscription: Subscription) -> Preferences:
    """A stored row as the preferences value."""
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
        # A fan-out that read the chat as subscribed just before it left wrote rows after the
        # leaving failed the waiting ones: they are old news now, not the start of the news.
        _fail_waiting(session, subscriber.id, LEFT_NOTE)
        _forget_lost_first_pushes(session, subscriber.id)
        return True


def _forget_lost_first_pushes(session: Session, subscriber_id: int) -> None:
    """A chat coming back has none of the stories whose first push failed (dropped when it
    unsubscribed or blocked the bot, or refused): their rows go, with the story's failed
    updates, so such a story reaches it when it moves, as it would a chat that never had it.
    A failed row left in place would make fan-out skip the chat for good."""
    lost = select(Delivery.story_id).where(
        Delivery.subscriber_id == subscriber_id,
        Delivery.seq == FIRST_PUSH,
        Delivery.status == DeliveryStatus.FAILED,
    )
    session.execute(
        delete(Delivery).where(
            Delivery.subscriber_id == subscriber_id,
            Delivery.story_id.in_(lost.scalar_subquery()),
            Delivery.status == DeliveryStatus.FAILED,
        )
    )


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
    db: Database,
    chat_id: int,
    prefs: Preferences,
    now: datetime,
    topic: str = DEFAULT_TOPIC,
    cooldown: timedelta = timedelta(minutes=30),
) -> SubscriptionInfo | None:
    """Store the chat's preferences (None if the chat is unknown); its pending deliveries
    follow the change.

    A change of what it follows (conflicts, words) fails the waiting stories it no longer
    wants, as fan-out would not have planned them, and brings back those an earlier change
    failed that it wants again (from the last `REVIVE_WITHIN`, by `wanted.revive_wanted`, as
    when a story's tags change). A change of timing moves the rest to match, an update no
    sooner than `cooldown` after the story's last update (the rule fan-out plans by), so it is
    never a way round the cooldown. A new language or number of points leaves them as they are.
    """
    with db.session() as session:
        subscription = _subscription(session, chat_id, topic)
        if subscription is None:
            return None
        before = prefs_of(subscription)
        subscription.prefs = prefs.to_json()
        subscriber_id = subscription.subscriber_id
        if _choice(before) != _choice(prefs):
            _drop_unwanted(session, subscriber_id, prefs)
            revive_wanted(
                session,
                Delivery.subscriber_id == subscriber_id,
                {subscriber_id: prefs},
                lambda chosen, story: not unwanted_stories(session, {story}, chosen),
                now,
                cooldown,
            )
        if _timing(before) != _timing(prefs):
            _reschedule(session, subscriber_id, prefs, now, cooldown)
        return SubscriptionInfo(subscription.active, prefs)


def _timing(prefs: Preferences) -> tuple[object, ...]:
    return (prefs.mode, prefs.digest_times, prefs.timezone, prefs.quiet_start, prefs.quiet_end)


def _choice(prefs: Preferences) -> tuple[object, ...]:
    return (prefs.conflicts, prefs.include, prefs.exclude)


def _pending(subscriber_id: int) -> tuple[ColumnElement[bool], ...]:
    return (Delivery.subscriber_id == subscriber_id, Delivery.status == DeliveryStatus.PENDING)


def _drop_unwanted(session: Session, subscriber_id: int, prefs: Preferences) -> None:
    waiting = set(session.scalars(select(Delivery.story_id).where(*_pending(subscriber_id))))
    unwanted = unwanted_stories(session, waiting, prefs) if waiting else set()
    if unwanted:
        session.execute(
            update(Delivery)
            .where(*_pending(subscriber_id), Delivery.story_id.in_(unwanted))
            .values(status=DeliveryStatus.FAILED, last_error=UNWANTED_NOTE)
        )


def _reschedule(
    session: Session, subscriber_id: int, prefs: Preferences, now: datetime, cooldown: timedelta
) -> None:
    pending = session.scalars(select(Delivery).where(*_pending(subscriber_id)))
    _set_due(session, subscriber_id, pending, prefs, now, cooldown)


def _set_due(
    session: Session,
    subscriber_id: int,
    rows: Iterable[Delivery],
    prefs: Preferences,
    now: datetime,
    cooldown: timedelta,
) -> None:
    """Each row due by the chat's timing, an update no sooner than `cooldown` after the story's
    last update (the rule fan-out plans by)."""
    last = last_updates_sent(session, Delivery.subscriber_id == subscriber_id)
    for row in rows:
        if row.seq == FIRST_PUSH:
            row.due_at = due_at(prefs, now)
        else:
            row.due_at = update_due(prefs, now, last.get((subscriber_id, row.story_id)), cooldown)


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
