"""Retention: what the bot forgets after RETENTION_DAYS, and what it must never forget.

A story is deleted (with its revisions, key points and deliveries) once nothing can change it
or send it any more: its latest report is older than the retention, and no message of it is
waiting or in flight. Its reports are never deleted: each stays as a dedup key (canonical URL,
guid, content hash) with its text and embedding cleared, off topic and in no story. Deleting
them would let a feed that lists the item again push it as news; leaving them on topic without
a story would make the next poll place it in a new story and push it (`unplaced_articles`).
Off-topic reports older than the retention lose their text (new ones are stored without it).

The rule is `prunable`, a pure function; `prune` applies it in batches, each batch one short
transaction that holds SQLite's write lock from its start (so what it read is what it
deletes) and locks its stories' rows on PostgreSQL (so a concurrent write to one waits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.db import Database
from bot.storage.models import (
    Article,
    Delivery,
    DeliveryStatus,
    KeyPointRow,
    Story,
    StoryRevision,
)
from bot.storage.wanted import REVIVE_WITHIN, dropped_rows

__all__ = [
    "OPEN_STATUSES",
    "PruneReport",
    "StoryFacts",
    "prunable",
    "prune",
    "retention_cutoff",
]

OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
"""A delivery in these is a message still to reach its chat: its story is kept."""


def _still_open(now: datetime) -> ColumnElement[bool]:
    """A message still to reach its chat: pending or being sent, or dropped by a chat's choice
    so recently that undoing the choice brings it back (`wanted.REVIVE_WITHIN`)."""
    return or_(
        Delivery.status.in_(OPEN_STATUSES),
        and_(dropped_rows(), Delivery.created_at >= now - REVIVE_WITHIN),
    )


STORY_BATCH = 500
TEXT_BATCH = 2000
KEY_COLUMNS = (
    "id",
    "feed_id",
    "url",
    "canonical_url",
    "guid",
    "title",
    "content_hash",
    "published_at",
    "fetched_at",
    "relevance",
    "entry_fingerprint",
    "outlet",
)
"""What a pruned story's report keeps: its dedup keys, and enough to say what it was."""
BLANKED: dict[str, Any] = {
    "text": "",
    "earlier_text": None,
    "on_topic": False,
    "story_id": None,
    "embedding": None,
}
"""What it loses: off topic and in no story, so no poll takes it for news again."""
DROPPED = frozenset({"shown_at", "placement", "corrected_at"})
"""Its place in the deleted story, gone with it (NULL). Every column of `Article` is in one of
these three, so a column added later is a decision, not a silent loss (a test checks)."""
ROW_BUDGET = 20_000
"""Deliveries one transaction deletes at most (about 0.2 s on SQLite): a batch of old stories
sent to thousands of chats would otherwise hold the write lock past the other writers'
10-second wait, and a send whose "sent" mark then fails is sent again."""


@dataclass(frozen=True)
class StoryFacts:
    """What deciding whether a story may go needs to know about it."""

    story_id: int
    updated_at: datetime
    """When a report last joined it (or it was created)."""
    latest_article_at: datetime | None
    """When its newest report was fetched (None: it has none)."""
    open_deliveries: int
    """Its messages still pending or being sent."""
    dirty: bool
    """Reports joined it since its last summary: a revision is still to come."""
    unfanned_revisions: int
    """Revisions whose deliveries are still to be written."""


def retention_cutoff(now: datetime, days: int) -> datetime | None:
    """Stories whose latest report is older than this may go; None: keep everything."""
    return None if days <= 0 else now - timedelta(days=days)


def prunable(facts: StoryFacts, cutoff: datetime) -> bool:
    """Nothing can change the story or send it any more, and its news is older than `cutoff`.

    A story only gains reports within the story window of its latest one, so one whose latest
    report is older than the retention (longer than twice that window, see Settings) is
    frozen; a message still waiting or in flight, or work not done yet (a summary, a
    fan-out), keeps it whatever its age.
    """
    latest = max(facts.updated_at, facts.latest_article_at or facts.updated_at)
    return (
        latest < cutoff
        and facts.open_deliveries == 0
        and not facts.dirty
        and facts.unfanned_revisions == 0
    )


@dataclass
class PruneReport:
    """What a prune deleted (or, in a dry run, would delete)."""

    stories: int = 0
    revisions: int = 0
    key_points: int = 0
    deliveries: int = 0
    articles_kept_as_keys: int = 0
    """The pruned stories' reports, kept without text as dedup keys."""
    off_topic_texts_cleared: int = 0
    kept_for_open_work: int = 0
    """Stories old enough to go, kept for a message still waiting or work not done."""
    dry_run: bool = False

    def lines(self) -> list[str]:
        """One `name: count` line per figure, for the CLI and the log."""
        return [
            f"{f.name.replace('_', ' ')}: {getattr(self, f.name)}"
            for f in fields(self)
            if f.name != "dry_run"
        ]


def prune(
    db: Database,
    now: datetime,
    days: int,
    *,
    dry_run: bool = False,
    batch: int = STORY_BATCH,
    stop: Callable[[], bool] = lambda: False,
) -> PruneReport:
    """Delete the stories `prunable` allows and clear old off-topic texts, `batch` stories a
    transaction; a dry run counts the same without writing. `stop` is asked between batches
    (a shutdown ends a long first prune there; the next run carries on)."""
    report = PruneReport(dry_run=dry_run)
    cutoff = retention_cutoff(now, days)
    if cutoff is None:
        return report
    after = 0
    while not stop():
        oversized: int | None = None
        with db.session() as session:
            if not dry_run:
                db.write_first(session)
            ids = _old_stories(db, session, cutoff, after, batch, lock=not dry_run)
            if not ids:
                break
            facts = _facts(session, ids, now)
            if not dry_run:
                facts, oversized = _within_budget(session, facts, cutoff)
            after = facts[-1].story_id if facts else after
            doomed = [f.story_id for f in facts if prunable(f, cutoff)]
            report.kept_for_open_work += len(facts) - len(doomed)
            _count(session, doomed, report)
            if doomed and not dry_run:
                _delete_stories(session, doomed)
        if oversized is not None:
            trimmed = _trim_deliveries(db, oversized, now, stop)
            report.deliveries += trimmed
            if not trimmed:
                after = oversized  # nothing to trim after all: leave it to the next run
    after = 0
    while not stop():
        with db.session() as session:
            if not dry_run:
                db.write_first(session)
            ids = _old_off_topic_texts(session, cutoff, after, TEXT_BATCH)
            if not ids:
                break
            after = ids[-1]
            report.off_topic_texts_cleared += len(ids)
            if not dry_run:
                _keep_as_keys(session, ids)
    return report


def _within_budget(
    session: Session, facts: list[StoryFacts], cutoff: datetime
) -> tuple[list[StoryFacts], int | None]:
    """The leading stories of the batch whose deliveries fit ROW_BUDGET, and the story (if
    any) that alone has more: its sent deliveries are deleted first, in ROW_BUDGET chunks."""
    doomed = [f.story_id for f in facts if prunable(f, cutoff)]
    counts = dict(
        session.execute(
            select(Delivery.story_id, func.count())
            .where(Delivery.story_id.in_(doomed))
            .group_by(Delivery.story_id)
        ).all()
    )
    taken: list[StoryFacts] = []
    rows = 0
    for fact in facts:
        size = counts.get(fact.story_id, 0)
        if rows + size > ROW_BUDGET:
            return taken, None if taken else fact.story_id
        taken.append(fact)
        rows += size
    return taken, None


def _trim_deliveries(db: Database, story_id: int, now: datetime, stop: Callable[[], bool]) -> int:
    """Delete a prunable story's finished deliveries a chunk a transaction, so the story can
    then go in one short batch; how many. Only finished ones: a message put back in the
    meantime stays, and keeps the story."""
    total = 0
    while not stop():
        with db.session() as session:
            db.write_first(session)
            chunk = select(Delivery.id).where(
                Delivery.story_id == story_id, not_(_still_open(now))
            )
            deleted = session.execute(
                delete(Delivery).where(Delivery.id.in_(chunk.limit(ROW_BUDGET).scalar_subquery()))
            )
            count = int(getattr(deleted, "rowcount", 0) or 0)
        if not count:
            break
        total += count
    return total


def _old_stories(
    db: Database, session: Session, cutoff: datetime, after: int, batch: int, *, lock: bool
) -> list[int]:
    """The next `batch` stories after id `after` that no report joined since `cutoff`."""
    query = (
        select(Story.id)
        .where(Story.id > after, Story.updated_at < cutoff)
        .order_by(Story.id)
        .limit(batch)
    )
    if lock and db.dialect == "postgresql":
        query = query.with_for_update()
    return list(session.scalars(query))


def _facts(session: Session, ids: Sequence[int], now: datetime) -> list[StoryFacts]:
    def per_story(
        story_id: InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
        value: ColumnElement[Any],
        *where: ColumnElement[bool],
    ) -> dict[int, Any]:
        query = select(story_id, value).where(story_id.in_(ids), *where).group_by(story_id)
        return {row[0]: row[1] for row in session.execute(query)}

    latest = per_story(Article.story_id, func.max(Article.fetched_at))
    open_rows = per_story(Delivery.story_id, func.count(), _still_open(now))
    unfanned = per_story(
        StoryRevision.story_id, func.count(), StoryRevision.fanned_out_at.is_(None)
    )
    stories = session.execute(
        select(Story.id, Story.updated_at, Story.dirty)
        .where(Story.id.in_(ids))
        .order_by(Story.id)  # the batch is cut in id order: `after` must be its last id
    ).all()
    return [
        StoryFacts(
            story_id=story_id,
            updated_at=updated_at,
            latest_article_at=latest.get(story_id),
            open_deliveries=open_rows.get(story_id, 0),
            dirty=dirty,
            unfanned_revisions=unfanned.get(story_id, 0),
        )
        for story_id, updated_at, dirty in stories
    ]


def _count(session: Session, ids: Sequence[int], report: PruneReport) -> None:
    if not ids:
        return

    def rows(column: InstrumentedAttribute[int] | InstrumentedAttribute[int | None]) -> int:
        return session.scalar(select(func.count()).where(column.in_(ids))) or 0

    report.stories += len(ids)
    report.revisions += rows(StoryRevision.story_id)
    report.key_points += rows(KeyPointRow.story_id)
    report.deliveries += rows(Delivery.story_id)
    report.articles_kept_as_keys += rows(Article.story_id)


def _delete_stories(session: Session, ids: Sequence[int]) -> None:
    """Turn the stories' reports into dedup keys, then delete the stories and all that hangs
    on them (explicitly: the foreign keys' cascades are not relied on)."""
    reports = list(session.scalars(select(Article.id).where(Article.story_id.in_(ids))))
    _keep_as_keys(session, reports)
    session.execute(delete(Delivery).where(Delivery.story_id.in_(ids)))
    session.execute(delete(KeyPointRow).where(KeyPointRow.story_id.in_(ids)))
    session.execute(delete(StoryRevision).where(StoryRevision.story_id.in_(ids)))
    session.execute(delete(Story).where(Story.id.in_(ids)))


def _keep_as_keys(session: Session, ids: Sequence[int]) -> None:
    """Rewrite these reports as dedup keys: same id, URL, guid, hash, title, times and score;
    no text, embedding or story, off topic.

    Deleted and inserted again rather than updated: SQLite leaves a row that shrinks in place
    on a page it no longer fills, and new rows (higher ids) never go there, so the space would
    stay lost until a VACUUM; a delete merges such pages. Within the transaction, no reader
    ever finds a key missing.
    """
    if not ids:
        return
    kept = [getattr(Article, name) for name in KEY_COLUMNS]
    rows = [
        dict(row) for row in session.execute(select(*kept).where(Article.id.in_(ids))).mappings()
    ]
    session.execute(delete(Article).where(Article.id.in_(ids)))
    session.execute(insert(Article), [{**row, **BLANKED} for row in rows])


def _old_off_topic_texts(session: Session, cutoff: datetime, after: int, batch: int) -> list[int]:
    """The next `batch` off-topic reports after id `after`, fetched before `cutoff`, that
    still carry a text (reports waiting for a story are on topic and left alone)."""
    return list(
        session.scalars(
            select(Article.id)
            .where(
                Article.id > after,
                Article.on_topic.is_(False),
                Article.story_id.is_(None),
                Article.fetched_at < cutoff,
                Article.text != "",
            )
            .order_by(Article.id)
            .limit(batch)
        )
    )
