"""Fan-out: each new story revision becomes the pending outbox rows of the chats it is due to.

Each story revision is fanned out once: the transaction that writes its deliveries first sets
its `fanned_out_at` with a conditional UPDATE, so two processes (or two jobs in one) racing for
the same revision never both write it. Who gets what, and when, is `plan_deliveries`' pure
decision; this module reads its inputs and writes its answer, and `bot.storage.wanted` fails and
revives the rows of chats the revision's state no longer suits, or suits again. `catch_up`
applies the same rule to one chat after a message was sent, when the story moved while that
message was on its way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, func, null, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import (
    FIRST_PUSH,
    Planned,
    Recipient,
    RevisionFacts,
    plan_deliveries,
    wants,
)
from bot.preferences import Preferences
from bot.storage.db import Database
from bot.storage.models import (
    Delivery,
    DeliveryStatus,
    Story,
    StoryRevision,
    Subscriber,
    Subscription,
)
from bot.storage.sent_history import last_updates_sent, shown_revisions
from bot.storage.wanted import (
    Wants,
    drop_no_longer_wanted,
    dropped,
    dropped_rows,
    revive_dropped,
    revive_wanted,
    story_text,
)

__all__ = ["CATCH_UP_WITHIN", "catch_up", "catch_up_missed", "fan_out"]

CATCH_UP_WITHIN = timedelta(days=1)
"""How far back `catch_up_missed` looks for messages whose catch-up may have been lost."""


def _recipients(session: Session, story: Story, only: int | None = None) -> list[Recipient]:
    """The story's possible recipients (only subscriber `only`, when given)."""
    subscriptions_query = (
        select(Subscription)
        .join(Subscriber)
        .where(
            Subscription.active,
            Subscription.topic == story.topic,
            Subscriber.blocked_at.is_(None),
        )
    )
    where: list[ColumnElement[bool]] = [Delivery.story_id == story.id]
    if only is not None:
        subscriptions_query = subscriptions_query.where(Subscription.subscriber_id == only)
        where.append(Delivery.subscriber_id == only)
    subscriptions = session.scalars(subscriptions_query).all()
    first: dict[int, str] = {}
    waiting: set[int] = set()
    rows_query = select(Delivery.subscriber_id, Delivery.seq, Delivery.status).where(*where)
    for subscriber_id, seq, status in session.execute(rows_query):
        if seq == FIRST_PUSH:
            first[subscriber_id] = status
        elif status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
            waiting.add(subscriber_id)
    last_update = last_updates_sent(session, *where)
    return [
        Recipient(
            subscriber_id=s.subscriber_id,
            since=s.since,
            prefs=Preferences.from_json(s.prefs),
            first_push=first.get(s.subscriber_id),
            update_waiting=s.subscriber_id in waiting,
            last_update_at=last_update.get((s.subscriber_id, story.id)),
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
            facts = _facts(session, story, revision)
            recipients = _recipients(session, story)
            planned = plan_deliveries(facts, recipients, now, cooldown)
            lost = _lost_first_pushes(recipients)
            for plan in planned:
                _write(session, plan, story.id, now, lost)
            drop_no_longer_wanted(session, facts, recipients)
            planned_for = {plan.subscriber_id for plan in planned}
            again = {
                r.subscriber_id: r.prefs for r in recipients if r.subscriber_id not in planned_for
            }
            revive_wanted(
                session, Delivery.story_id == story.id, again, _as_it_reads(facts), now, cooldown
            )
            written[revision_id] = len(planned)
    return written


def catch_up(
    db: Database,
    shown: Sequence[tuple[int, int]],
    now: datetime,
    cooldown: timedelta = timedelta(minutes=30),
) -> int:
    """After (subscriber, story) messages were sent: an update for each chat whose message
    showed an older state of the story than a revision already fanned out; rows written.

    Fan-out plans nothing for a chat whose message for the story is still waiting or in
    flight, counting on that message to carry the newest state. A message rendered before a
    revision was saved does not: this gives the chat the revision's news as an update (after
    the cooldown, like any update), so no new point is lost to that race.

    Nor does the rest of a split message, sent as it was cut from an older revision. An update
    that waited behind it and failed because the chat did not want the story for a while
    (it unticked the conflict, the story read as another war's) is not brought back with the
    push (`revive_wanted` owes one row, the push); it is brought back here, that same row,
    if the chat wants the story now.
    """
    written = 0
    for subscriber_id, story_id in dict.fromkeys(shown):
        with db.session() as session:
            revision = _missed_revision(session, subscriber_id, story_id)
            if revision is None:
                continue
            story = session.get_one(Story, story_id)
            recipients = _recipients(session, story, only=subscriber_id)
            planned = plan_deliveries(_facts(session, story, revision), recipients, now, cooldown)
            lost = _lost_first_pushes(recipients)
            for plan in planned:
                if revive_dropped(session, subscriber_id, story_id, plan.seq, plan.due_at):
                    written += 1
                    continue
                savepoint = session.begin_nested()
                _write(session, plan, story_id, now, lost)
                try:
                    savepoint.commit()
                    written += 1
                except IntegrityError:  # a peer's fan-out planned the same update
                    savepoint.rollback()
    return written


def catch_up_missed(
    db: Database, now: datetime, cooldown: timedelta = timedelta(minutes=30)
) -> int:
    """`catch_up` for every chat sent a message of a story in the last CATCH_UP_WITHIN whose
    newest sent message shows an older revision than one fanned out since; rows written.

    The sender catches up right after it records a message sent, in another transaction: a
    process killed between the two (or a database error in the second) would leave that
    chat's news waiting for the story to move again, and lost if it never does. The send job
    runs this when it takes the lead and every so often after, so what a dead or failing
    sender skipped is planned. It is the same `catch_up`, so a chat that has the news, has it
    on its way, or no longer wants the story gets nothing.
    """
    with db.session() as session:
        newest = (
            select(StoryRevision.story_id, func.max(StoryRevision.number).label("number"))
            .where(StoryRevision.fanned_out_at.is_not(None))
            .group_by(StoryRevision.story_id)
            .subquery()
        )
        shown = (
            select(
                Delivery.subscriber_id,
                Delivery.story_id,
                func.max(Delivery.revision).label("revision"),
            )
            .where(
                Delivery.status == DeliveryStatus.SENT, Delivery.sent_at >= now - CATCH_UP_WITHIN
            )
            .group_by(Delivery.subscriber_id, Delivery.story_id)
            .subquery()
        )
        behind = session.execute(
            select(shown.c.subscriber_id, shown.c.story_id)
            .join(newest, newest.c.story_id == shown.c.story_id)
            .where(shown.c.revision < newest.c.number)
            .order_by(shown.c.story_id, shown.c.subscriber_id)
        ).all()
    return catch_up(db, [(chat, story) for chat, story in behind], now, cooldown)


def _missed_revision(session: Session, subscriber_id: int, story_id: int) -> StoryRevision | None:
    """The story's newest fanned-out revision with news this chat has not been sent, when no
    other message of the story is on its way to the chat and no row was planned for it (a row
    failed as unwanted was planned for a choice the chat has since changed, perhaps back)."""
    rows = session.execute(
        select(Delivery.seq, Delivery.status, Delivery.last_error).where(
            Delivery.subscriber_id == subscriber_id, Delivery.story_id == story_id
        )
    ).all()
    if any(r.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING) for r in rows):
        return None
    shown = shown_revisions(session, story_id, [subscriber_id]).get(subscriber_id, 0)
    later = session.scalars(
        select(StoryRevision)
        .where(
            StoryRevision.story_id == story_id,
            StoryRevision.number > shown,
            StoryRevision.fanned_out_at.is_not(None),
        )
        .order_by(StoryRevision.number.desc())
    )
    revision = next((r for r in later if r.moves), None)
    planned = {r.seq for r in rows if not dropped(r.status, r.last_error)}
    if revision is None or revision.number in planned:
        return None
    return revision


def _facts(session: Session, story: Story, revision: StoryRevision) -> RevisionFacts:
    return RevisionFacts(
        story_id=story.id,
        number=revision.number,
        story_created_at=story.created_at if revision.number == 1 else revision.created_at,
        pushable=story.pushable,
        conflicts=tuple(story.conflicts or ()),
        text=story_text(session, story, revision),
        new_points=tuple(revision.new_points or ()),
        withdrawn=tuple(revision.withdrawn or ()),
    )


def _as_it_reads(facts: RevisionFacts) -> Wants:
    """A chat wants the story if it wants it as this revision reads (its tags and text)."""
    return lambda prefs, _story: wants(prefs, facts.conflicts, facts.text)


def _lost_first_pushes(recipients: Sequence[Recipient]) -> set[int]:
    """The chats whose first push of the story failed: their row is taken up again."""
    return {r.subscriber_id for r in recipients if r.first_push == DeliveryStatus.FAILED}


def _write(
    session: Session, plan: Planned, story_id: int, now: datetime, lost: Collection[int]
) -> None:
    """Add the planned row. A first push to a chat whose first push failed (`lost`, as
    `_recipients` read) takes that row up again: a chat has one first-push row per story (the
    unique key). Only those chats are looked up, so a story fanned out to a thousand new
    chats costs no thousand UPDATEs.

    A push that failed as unwanted after its first parts reached the chat keeps the parts
    still owed: sent afresh, the chat would read the story's start twice. The story's news
    follows it as an update (`catch_up`)."""
    if plan.seq == FIRST_PUSH and plan.subscriber_id in lost:
        again = session.execute(
            update(Delivery)
            .where(
                Delivery.subscriber_id == plan.subscriber_id,
                Delivery.story_id == story_id,
                Delivery.seq == FIRST_PUSH,
                Delivery.status == DeliveryStatus.FAILED,
            )
            .values(
                status=DeliveryStatus.PENDING,
                created_at=now,
                due_at=plan.due_at,
                attempts=0,
                claimed_at=None,
                claimed_by=None,
                lease_until=None,
                sent_at=None,
                message_id=None,
                last_error=None,
                revision=None,
                remainder=case((dropped_rows(), Delivery.remainder), else_=null()),
            )
        )
        if again.rowcount:  # type: ignore[attr-defined]
            return
    session.add(_row(plan, story_id, now))


def _row(plan: Planned, story_id: int, now: datetime) -> Delivery:
    return Delivery(
        subscriber_id=plan.subscriber_id,
        story_id=story_id,
        seq=plan.seq,
        status=DeliveryStatus.PENDING,
        created_at=now,
        due_at=plan.due_at,
    )
