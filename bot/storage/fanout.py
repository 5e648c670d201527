"""Fan-out: each new story revision becomes the pending outbox rows of the chats it is due to.

Each story revision is fanned out once: the transaction that writes its deliveries first sets
its `fanned_out_at` with a conditional UPDATE, so two processes (or two jobs in one) racing for
the same revision never both write it. Who gets what, and when, is `plan_deliveries`' pure
decision; this module reads its inputs and writes its answer. `catch_up` applies the same rule
to one chat after a message was sent, when the story moved while that message was on its way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import (
    FIRST_PUSH,
    Planned,
    Recipient,
    RevisionFacts,
    plan_deliveries,
    update_due,
    wants,
)
from bot.preferences import Preferences
from bot.scheduling import due_at
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

__all__ = [
    "REVIVE_WITHIN",
    "UNWANTED_NOTE",
    "catch_up",
    "fan_out",
    "last_updates_sent",
    "unwanted_rows",
    "unwanted_stories",
]

UNWANTED_NOTE = "the chat no longer follows it or its words filter it out"
"""Why a row failed when the chat's choice changed, or the story's tags: a later change of
either may want it back."""

REVIVE_WITHIN = timedelta(days=1)
"""How old a story's row may be for the chat's choice to bring it back: unticking a conflict
and ticking it again restores what was waiting; a week-old story is not sent on a whim. So
does a story's tags coming back to what the chat follows."""


def _story_text(session: Session, story: Story, revision: StoryRevision) -> str:
    texts = session.scalars(select(Article.text).where(Article.story_id == story.id))
    points = " ".join(str(p.get("text", "")) for p in revision.key_points)
    return "\n".join([story.title, points, *texts])


def last_updates_sent(
    session: Session, *where: ColumnElement[bool]
) -> dict[tuple[int, int], datetime]:
    """(subscriber, story) -> when the story's last update that sent the chat a message went
    out, among the rows matching `where`: where the chat's cooldown for that story starts.

    An update that turned out to have nothing new sent no message, so it starts no cooldown.
    """
    rows = session.execute(
        select(Delivery.subscriber_id, Delivery.story_id, func.max(Delivery.sent_at))
        .where(
            Delivery.seq != FIRST_PUSH,
            Delivery.status == DeliveryStatus.SENT,
            Delivery.sent_at.is_not(None),
            Delivery.message_id.is_not(None),
            *where,
        )
        .group_by(Delivery.subscriber_id, Delivery.story_id)
    ).all()
    return {(subscriber, story): at for subscriber, story, at in rows if at is not None}


def unwanted_stories(session: Session, story_ids: Collection[int], prefs: Preferences) -> set[int]:
    """The stories among `story_ids` that fan-out would not send a chat with `prefs`, read in
    their newest state (what a waiting message would show)."""
    unwanted: set[int] = set()
    for story in session.scalars(select(Story).where(Story.id.in_(story_ids))):
        newest = session.scalar(
            select(StoryRevision)
            .where(StoryRevision.story_id == story.id)
            .order_by(StoryRevision.number.desc())
            .limit(1)
        )
        text = story.title if newest is None else _story_text(session, story, newest)
        if not wants(prefs, tuple(story.conflicts or ()), text):
            unwanted.add(story.id)
    return unwanted


def unwanted_rows(session: Session, *where: ColumnElement[bool]) -> list[int]:
    """The deliveries matching `where` whose chat no longer wants their story (by the chat's
    preferences for the story's topic now)."""
    rows = session.execute(
        select(Delivery.id, Delivery.subscriber_id, Delivery.story_id, Subscription.prefs)
        .join(Story, Story.id == Delivery.story_id)
        .join(
            Subscription,
            (Subscription.subscriber_id == Delivery.subscriber_id)
            & (Subscription.topic == Story.topic),
        )
        .where(*where)
    ).all()
    by_chat: dict[int, list[tuple[int, int, dict[str, Any]]]] = {}
    for row in rows:
        by_chat.setdefault(row.subscriber_id, []).append((row.id, row.story_id, row.prefs))
    found: list[int] = []
    for chat_rows in by_chat.values():
        prefs = Preferences.from_json(chat_rows[0][2])
        unwanted = unwanted_stories(session, {story for _, story, _ in chat_rows}, prefs)
        found.extend(row_id for row_id, story, _ in chat_rows if story in unwanted)
    return found


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
            _drop_no_longer_wanted(session, facts, recipients)
            planned_for = {plan.subscriber_id for plan in planned}
            again = [r for r in recipients if r.subscriber_id not in planned_for]
            _revive_wanted_again(session, facts, again, now, cooldown)
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
                savepoint = session.begin_nested()
                _write(session, plan, story_id, now, lost)
                try:
                    savepoint.commit()
                    written += 1
                except IntegrityError:  # a peer's fan-out planned the same update
                    savepoint.rollback()
    return written


def _missed_revision(session: Session, subscriber_id: int, story_id: int) -> StoryRevision | None:
    """The story's newest fanned-out revision with news this chat has not been sent, when no
    other message of the story is on its way to the chat and no row was planned for it."""
    rows = session.execute(
        select(Delivery.seq, Delivery.status).where(
            Delivery.subscriber_id == subscriber_id, Delivery.story_id == story_id
        )
    ).all()
    if any(r.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING) for r in rows):
        return None
    shown = _shown_revisions(session, story_id, [subscriber_id]).get(subscriber_id, 0)
    later = session.scalars(
        select(StoryRevision)
        .where(
            StoryRevision.story_id == story_id,
            StoryRevision.number > shown,
            StoryRevision.fanned_out_at.is_not(None),
        )
        .order_by(StoryRevision.number.desc())
    )
    revision = next((r for r in later if r.new_points), None)
    if revision is None or any(r.seq == revision.number for r in rows):
        return None
    return revision


def _facts(session: Session, story: Story, revision: StoryRevision) -> RevisionFacts:
    return RevisionFacts(
        story_id=story.id,
        number=revision.number,
        story_created_at=story.created_at if revision.number == 1 else revision.created_at,
        pushable=story.pushable,
        conflicts=tuple(story.conflicts or ()),
        text=_story_text(session, story, revision),
        new_points=tuple(revision.new_points or ()),
    )


def _drop_no_longer_wanted(
    session: Session, facts: RevisionFacts, recipients: Sequence[Recipient]
) -> None:
    """Fail the story's waiting rows for chats that no longer want it in this state: a story
    first tagged "other" that turned out to be about Russia-Ukraine is not sent to a chat that
    follows only "other", as its choice changing would not send it either. A later change of
    that choice brings the row back, as for any row failed with UNWANTED_NOTE, and so does a
    later revision the chat wants again (`_revive_wanted_again`)."""
    waiting = [
        r.subscriber_id
        for r in recipients
        if (r.first_push == DeliveryStatus.PENDING or r.update_waiting)
        and not wants(r.prefs, facts.conflicts, facts.text)
    ]
    if waiting:
        session.execute(
            update(Delivery)
            .where(
                Delivery.story_id == facts.story_id,
                Delivery.subscriber_id.in_(waiting),
                Delivery.status == DeliveryStatus.PENDING,
            )
            .values(status=DeliveryStatus.FAILED, last_error=UNWANTED_NOTE)
        )


def _revive_wanted_again(
    session: Session,
    facts: RevisionFacts,
    recipients: Sequence[Recipient],
    now: datetime,
    cooldown: timedelta,
) -> None:
    """Rows `_drop_no_longer_wanted` failed (or a choice did) that the chat wants again now
    are pending again, new points or not: a story that named Gaza for one report and is a
    Russia-Ukraine story again still owes its Russia-Ukraine followers the push they were
    waiting for. A first push comes back, due by the chat's timing; an update only if the
    first push went out and nothing else of the story is on its way, due after the cooldown.
    The row is the one that was failed, so however often the tags flip, one message goes."""
    first_failed = {
        r.subscriber_id: r for r in recipients if r.first_push == DeliveryStatus.FAILED
    }
    update_free = {
        r.subscriber_id: r
        for r in recipients
        if r.first_push in (DeliveryStatus.SENDING, DeliveryStatus.SENT) and not r.update_waiting
    }
    if not first_failed and not update_free:
        return
    failed = session.scalars(
        select(Delivery)
        .where(
            Delivery.story_id == facts.story_id,
            Delivery.status == DeliveryStatus.FAILED,
            Delivery.last_error == UNWANTED_NOTE,
            Delivery.created_at >= now - REVIVE_WITHIN,
        )
        .order_by(Delivery.seq.desc())
    ).all()
    shown = _shown_revisions(session, facts.story_id, set(update_free))
    taken: set[int] = set()
    for row in failed:
        chat = row.subscriber_id
        if chat in taken:
            continue
        if row.seq == FIRST_PUSH and chat in first_failed:
            who = first_failed[chat]
            due = due_at(who.prefs, now)
        elif row.seq != FIRST_PUSH and chat in update_free and row.seq > shown.get(chat, 0):
            who = update_free[chat]
            due = update_due(who.prefs, now, who.last_update_at, cooldown)
        else:
            continue
        if not wants(who.prefs, facts.conflicts, facts.text):
            continue
        row.status, row.last_error, row.due_at = DeliveryStatus.PENDING, None, due
        taken.add(chat)


def _shown_revisions(session: Session, story_id: int, chats: Collection[int]) -> dict[int, int]:
    """Chat -> the story's newest revision a message sent it showed (first push or update,
    an update found empty too): only a later revision is news to it. A chat with no sent row
    of the story is left out, to be read as 0 (every revision is news); a message still
    waiting or in flight, even one whose first parts reached the chat, has shown nothing yet.
    """
    if not chats:
        return {}
    rows = session.execute(
        select(Delivery.subscriber_id, func.max(Delivery.revision))
        .where(
            Delivery.story_id == story_id,
            Delivery.subscriber_id.in_(chats),
            Delivery.status == DeliveryStatus.SENT,
        )
        .group_by(Delivery.subscriber_id)
    ).all()
    return {chat: shown for chat, shown in rows if shown is not None}


def _lost_first_pushes(recipients: Sequence[Recipient]) -> set[int]:
    """The chats whose first push of the story failed: their row is taken up again."""
    return {r.subscriber_id for r in recipients if r.first_push == DeliveryStatus.FAILED}


def _write(
    session: Session, plan: Planned, story_id: int, now: datetime, lost: Collection[int]
) -> None:
    """Add the planned row. A first push to a chat whose first push failed (`lost`, as
    `_recipients` read) takes that row up again: a chat has one first-push row per story (the
    unique key). Only those chats are looked up, so a story fanned out to a thousand new
    chats costs no thousand UPDATEs."""
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
                remainder=None,
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
