"""Whether a chat still wants a story, and its waiting rows as the answer changes.

A chat's choice (the conflicts it follows, its word filter) or a story's tags can change while
a row waits. A row the chat no longer wants fails with UNWANTED_NOTE rather than going out, and
as a later change may want it back, that same row is made pending again rather than a new one
written, so however often the answer flips, one message goes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
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
from bot.storage.sent_history import last_updates_sent, shown_revisions

__all__ = [
    "REVIVE_WITHIN",
    "UNWANTED_NOTE",
    "Wants",
    "dropped",
    "dropped_rows",
    "drop_no_longer_wanted",
    "revive_dropped",
    "revive_wanted",
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


def dropped(status: str, last_error: str | None) -> bool:
    """Whether a row failed only because the chat did not want its story at the time: a later
    change may want it back, so it is no verdict on what the chat gets."""
    return status == DeliveryStatus.FAILED and last_error == UNWANTED_NOTE


def dropped_rows() -> ColumnElement[bool]:
    """`dropped` as a query's condition."""
    return and_(Delivery.status == DeliveryStatus.FAILED, Delivery.last_error == UNWANTED_NOTE)


def revive_dropped(
    session: Session, subscriber_id: int, story_id: int, seq: int, due: datetime
) -> bool:
    """The chat's row of the story at `seq`, if it failed as unwanted, is pending again, due
    at `due`: the same row, so one message goes however often the answer flips. Whether
    there was one."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.subscriber_id == subscriber_id,
            Delivery.story_id == story_id,
            Delivery.seq == seq,
            dropped_rows(),
        )
        .values(status=DeliveryStatus.PENDING, last_error=None, due_at=due)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


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
    later revision the chat wants again (`revive_wanted`)."""
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


Wants = Callable[[Preferences, int], bool]
"""Whether a chat with these preferences wants story `story_id` as it reads now."""


def revive_wanted(
    session: Session,
    where: ColumnElement[bool],
    chats: Mapping[int, Preferences],
    still_wants: Wants,
    now: datetime,
    cooldown: timedelta,
) -> None:
    """Rows failed with UNWANTED_NOTE in the last REVIVE_WITHIN, among those matching `where`
    (a story's, after its tags changed; a chat's, after its choice did), that a chat of `chats`
    wants again are pending again: at most one per chat and story, the one that was failed, so
    however often the answer flips, one message goes.

    A failed first push comes back, due by the chat's timing: it shows the story's newest
    state. Otherwise the newest failed update comes back, due after the cooldown, if the first
    push was sent or is being sent, no other update of the story is on its way, and the
    update's revision is newer than any the chat was shown.

    A first push in flight counts as gone out: the claim holds the update back until that
    push is marked sent, and should it fail instead `outbox.fail` takes the update with it, so
    it never follows a message the chat did not see. An update left failed behind a push not
    gone out (the push failed as unwanted too and comes back here, or waits to send the rest
    of a split message cut from an older revision) is brought back by `fanout.catch_up` once
    the push is sent, if that push showed an older revision than the update's.

    An update whose revision (or a later one) a message already showed is not owed: the chat
    has its news. Sent now, it would carry whatever the story gained since that the chat was
    not following (a Gaza development, to a chat that followed only Russia-Ukraine then) as
    if owed, which a chat without such an old row would not get; the story's next move brings
    that to both alike.
    """
    failed = session.scalars(
        select(Delivery)
        .where(
            where,
            dropped_rows(),
            Delivery.created_at >= now - REVIVE_WITHIN,
        )
        .order_by(Delivery.seq)
    )
    candidates: dict[tuple[int, int], list[Delivery]] = {}
    for row in failed:
        if row.subscriber_id in chats:
            candidates.setdefault((row.subscriber_id, row.story_id), []).append(row)
    if not candidates:
        return
    stories = {story for _, story in candidates}
    chats_with = {chat for chat, _ in candidates}
    theirs = (where, Delivery.story_id.in_(stories), Delivery.subscriber_id.in_(chats_with))
    first: dict[tuple[int, int], str] = {}
    waiting: set[tuple[int, int]] = set()
    rows = select(Delivery.subscriber_id, Delivery.story_id, Delivery.seq, Delivery.status)
    for chat, story, seq, status in session.execute(rows.where(*theirs)):
        if seq == FIRST_PUSH:
            first[(chat, story)] = status
        elif status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
            waiting.add((chat, story))
    shown: dict[tuple[int, int], int] = {}
    for story in stories:
        readers = {chat for chat, of in candidates if of == story}
        for chat, revision in shown_revisions(session, story, readers).items():
            shown[(chat, story)] = revision
    last = last_updates_sent(session, *theirs)
    for (chat, story), failed_rows in candidates.items():
        prefs, pair = chats[chat], (chat, story)
        owed = _owed(failed_rows, first.get(pair), pair in waiting, shown.get(pair, 0))
        if owed is None or not still_wants(prefs, story):
            continue
        if owed.seq == FIRST_PUSH:
            owed.due_at = due_at(prefs, now)
        else:
            owed.due_at = update_due(prefs, now, last.get(pair), cooldown)
        owed.status, owed.last_error = DeliveryStatus.PENDING, None


def _owed(
    failed: Sequence[Delivery], first_push: str | None, update_waiting: bool, shown: int
) -> Delivery | None:
    """Which of a chat's failed rows of a story (by `seq`) it is owed, by `revive_wanted`'s
    rule: the first push, or else the newest update, if that push went out or is going, no
    other update is on its way and the update is newer than revision `shown`."""
    if failed[0].seq == FIRST_PUSH:
        return failed[0]
    if first_push not in (DeliveryStatus.SENDING, DeliveryStatus.SENT) or update_waiting:
        return None
    return failed[-1] if failed[-1].seq > shown else None
