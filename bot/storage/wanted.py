"""Whether a chat still wants a story, and its waiting rows as the answer changes.

A chat's choice (the conflicts it follows, its word filter) or a story's tags can change while
a row waits. A row the chat no longer wants fails with UNWANTED_NOTE rather than going out, and
as a later change may want it back, that same row is made pending again rather than a new one
written, so however often the answer flips, one message goes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import FIRST_PUSH, Recipient, RevisionFacts, update_due, wants
from bot.preferences import Preferences
from bot.scheduling import due_at
from bot.storage.models import (
    Article,
    Delivery,
    DeliveryStatus,
    Story,
    StoryRevision,
    Subscription,
)
from bot.storage.sent_history import shown_revisions

__all__ = [
    "REVIVE_WITHIN",
    "UNWANTED_NOTE",
    "drop_no_longer_wanted",
    "revive_wanted_again",
    "story_text",
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


def story_text(session: Session, story: Story, revision: StoryRevision) -> str:
    """What a chat's words are matched against: the revision's points and every report, not
    the title alone, as fan-out planned by."""
    texts = session.scalars(select(Article.text).where(Article.story_id == story.id))
    points = " ".join(str(p.get("text", "")) for p in revision.key_points)
    return "\n".join([story.title, points, *texts])


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
        text = story.title if newest is None else story_text(session, story, newest)
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


def drop_no_longer_wanted(
    session: Session, facts: RevisionFacts, recipients: Sequence[Recipient]
) -> None:
    """Fail the story's waiting rows for chats that no longer want it in this state: a story
    first tagged "other" that turned out to be about Russia-Ukraine is not sent to a chat that
    follows only "other", as its choice changing would not send it either. A later change of
    that choice brings the row back, as for any row failed with UNWANTED_NOTE, and so does a
    later revision the chat wants again (`revive_wanted_again`)."""
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


def revive_wanted_again(
    session: Session,
    facts: RevisionFacts,
    recipients: Sequence[Recipient],
    now: datetime,
    cooldown: timedelta,
) -> None:
    """Rows `drop_no_longer_wanted` failed (or a choice did) that the chat wants again now
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
    shown = shown_revisions(session, facts.story_id, set(update_free))
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
