"""Fan-out: each new story revision becomes the pending outbox rows of the chats it is due to.

Each story revision is fanned out once: the transaction that writes its deliveries first sets
its `fanned_out_at` with a conditional UPDATE, so two processes (or two jobs in one) racing for
the same revision never both write it. Who gets what, and when, is `plan_deliveries`' pure
decision; this module reads its inputs and writes its answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.delivery.plan import FIRST_PUSH, Recipient, RevisionFacts, plan_deliveries
from bot.storage.db import Database
from bot.storage.models import (
    Article,
    Delivery,
    DeliveryStatus,
    Story,
    StoryRevision,
    Subscriber,
    Subscription,
)
from bot.storage.subscribers import prefs_of

__all__ = ["fan_out"]


def _story_text(session: Session, story: Story, revision: StoryRevision) -> str:
    texts = session.scalars(select(Article.text).where(Article.story_id == story.id))
    points = " ".join(str(p.get("text", "")) for p in revision.key_points)
    return "\n".join([story.title, points, *texts])


def _recipients(session: Session, story: Story) -> list[Recipient]:
    subscriptions = session.scalars(
        select(Subscription)
        .join(Subscriber)
        .where(
            Subscription.active,
            Subscription.topic == story.topic,
            Subscriber.blocked_at.is_(None),
        )
    ).all()
    rows = session.execute(
        select(Delivery.subscriber_id, Delivery.seq, Delivery.status, Delivery.sent_at).where(
            Delivery.story_id == story.id
        )
    ).all()
    first: dict[int, str] = {}
    waiting: set[int] = set()
    last_update: dict[int, datetime] = {}
    for subscriber_id, seq, status, sent_at in rows:
        if seq == FIRST_PUSH:
            first[subscriber_id] = status
        elif status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
            waiting.add(subscriber_id)
        elif status == DeliveryStatus.SENT and sent_at is not None:
            previous = last_update.get(subscriber_id)
            last_update[subscriber_id] = sent_at if previous is None else max(previous, sent_at)
    return [
        Recipient(
            subscriber_id=s.subscriber_id,
            since=s.since,
            prefs=prefs_of(s),
            first_push=first.get(s.subscriber_id),
            update_waiting=s.subscriber_id in waiting,
            last_update_at=last_update.get(s.subscriber_id),
        )
        for s in subscriptions
    ]


def fan_out(
    db: Database, now: datetime, cooldown: timedelta = timedelta(minutes=30)
) -> dict[int, int]:
    """Write the deliveries of every revision not fanned out yet; {revision id: rows written}."""
    with db.session() as session:
        revision_ids = list(
            session.scalars(
                select(StoryRevision.id)
                .where(StoryRevision.fanned_out_at.is_(None))
                .order_by(StoryRevision.id)
            )
        )
    written: dict[int, int] = {}
    for revision_id in revision_ids:
        with db.session() as session:
            taken = session.execute(
                update(StoryRevision)
                .where(StoryRevision.id == revision_id, StoryRevision.fanned_out_at.is_(None))
                .values(fanned_out_at=now)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another job or process has it
            revision = session.get_one(StoryRevision, revision_id)
            story = session.get_one(Story, revision.story_id)
            facts = RevisionFacts(
                story_id=story.id,
                number=revision.number,
                story_created_at=story.created_at if revision.number == 1 else revision.created_at,
                pushable=story.pushable,
                conflicts=tuple(story.conflicts or ()),
                text=_story_text(session, story, revision),
                new_points=tuple(revision.new_points or ()),
            )
            planned = plan_deliveries(facts, _recipients(session, story), now, cooldown)
            for plan in planned:
                session.add(
                    Delivery(
                        subscriber_id=plan.subscriber_id,
                        story_id=story.id,
                        seq=plan.seq,
                        status=DeliveryStatus.PENDING,
                        created_at=now,
                        due_at=plan.due_at,
                    )
                )
            written[revision_id] = len(planned)
    return written
