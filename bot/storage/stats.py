"""The numbers /stats shows an admin: subscribers, stories, feeds and the outbox by status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.storage.db import Database
from bot.storage.models import Feed, Story, Subscriber, Subscription
from bot.storage.outbox import count_by_status

__all__ = ["BotStats", "gather_stats"]


@dataclass(frozen=True)
class BotStats:
    """What /stats reports to admins."""

    subscribers: int
    active_subscriptions: int
    blocked: int
    stories: int
    feeds: int
    deliveries: dict[str, int]


def gather_stats(db: Database) -> BotStats:
    with db.session() as session:
        return BotStats(
            subscribers=session.scalar(select(func.count()).select_from(Subscriber)) or 0,
            active_subscriptions=session.scalar(
                select(func.count()).select_from(Subscription).where(Subscription.active)
            )
            or 0,
            blocked=session.scalar(
                select(func.count())
                .select_from(Subscriber)
                .where(Subscriber.blocked_at.is_not(None))
            )
            or 0,
            stories=session.scalar(select(func.count()).select_from(Story)) or 0,
            feeds=session.scalar(select(func.count()).select_from(Feed)) or 0,
            deliveries=count_by_status(db),
        )
