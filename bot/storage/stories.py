"""Stories as the bot shows them: frozen views, never live ORM objects.

Handlers, rendering and the sender read these; ingestion's writes are in `story_writes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from bot.ingest.dedup import canonical_url, shown_url
from bot.storage.db import Database
from bot.storage.models import Article, Story, StoryRevision
from summarizer import KeyPoint

__all__ = [
    "SourceView",
    "StoryView",
    "TimelineEntry",
    "article_outlet",
    "get_story",
    "latest_stories",
    "outlet_name",
    "revision_point_texts",
    "stories_by_ids",
    "shown_time",
    "story_timeline",
]


CONFLICT_SCAN = 500


@dataclass(frozen=True)
class SourceView:
    """One outlet's report of the story: outlet as `article_outlet` names it."""

    outlet: str
    title: str
    url: str
    published_at: datetime | None = None


@dataclass(frozen=True)
class StoryView:
    """A story in its newest state, as every message and list shows it."""

    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    key_points: list[KeyPoint]
    sources: list[SourceView]
    revision: int = 0
    conflicts: tuple[str, ...] = ()
    published_at: datetime | None = None
    """When the first report was published (its seen time if the feed gave no plausible one)."""
    moved_at: datetime | None = None
    """When its key points last changed, if a report after the first changed them (None: the
    story is as first reported). `/latest` shows this time: its list is ordered by it."""
    since_first: tuple[str, ...] = ()
    """The points the story's later revisions added and it still has, in the order they came
    (none while it is as first reported): a reader who first gets it after it moved sees these
    first, every development since its first report. Only the newest development's, as
    before, left out the ones between: in a trial a digest reader got the talks' follow-up
    remarks without the prisoner exchange they had agreed, which an earlier report added."""
    withdrawn: tuple[str, ...] = ()
    """Points shown once that their outlet has since removed in a correction (no other
    version of them): a reader who had one is told (`Summary.withdrawn`)."""

    @property
    def outlet_count(self) -> int:
        return len({s.outlet for s in self.sources})


@dataclass(frozen=True)
class TimelineEntry:
    """One revision of a story: when, how many outlets by then, and what it added."""

    number: int
    created_at: datetime
    outlets: tuple[str, ...]
    new_points: tuple[str, ...]
    corrections: tuple[KeyPoint, ...] = ()
    """Its new points that correct one shown before (`KeyPoint.replaces`)."""
    withdrawn: tuple[str, ...] = ()
    """Points shown before that their outlet removed in a correction."""


def outlet_name(feed_title: str | None, url: str) -> str:
    """The feed's title, else the site's host without www."""
    if feed_title:
        return feed_title
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def article_outlet(article: Article) -> str:
    """The outlet an aggregator named for the report, else its feed's (`outlet_name`)."""
    if article.outlet:
        return article.outlet
    return outlet_name(article.feed.title if article.feed is not None else None, article.url)


def _strings(data: dict[str, object], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise TypeError(f"a stored key point has malformed {key}")
    return tuple(map(str, value))


def point_from_json(data: dict[str, object]) -> KeyPoint:
    """A stored key point; revisions written before `rivals` or `replaces` existed load
    without them."""
    return KeyPoint(
        str(data.get("text", "")),
        _strings(data, "evidence"),
        _strings(data, "outlets"),
        _strings(data, "rivals"),
        _strings(data, "replaces"),
    )


def point_to_json(point: KeyPoint) -> dict[str, object]:
    data: dict[str, object] = {
        "text": point.text,
        "evidence": list(point.evidence),
        "outlets": list(point.outlets),
    }
    if point.rivals:
        data["rivals"] = list(point.rivals)
    if point.replaces:
        data["replaces"] = list(point.replaces)
    return data


def shown_time(article: Article) -> datetime:
    """When the article came out, as clustering placed it: a feed's future or stale date
    (time-zone slips, re-dated old items) gave way to when it was seen."""
    return article.shown_at or article.fetched_at


def _view(story: Story) -> StoryView:
    sources: list[SourceView] = []
    seen: set[str] = set()
    published = [shown_time(a) for a in story.articles]
    for article, when in zip(story.articles, published, strict=True):
        key = canonical_url(article.url)
        if key in seen:
            continue
        seen.add(key)
        sources.append(
            SourceView(article_outlet(article), article.title, shown_url(article.url), when)
        )
    changed = story.changed_at or story.updated_at
    later = sorted((r for r in story.revisions if r.number > 1), key=lambda r: r.number)
    moved = any(r.moves for r in later)
    current = {kp.text for kp in story.key_points}
    added = dict.fromkeys(t for r in later for t in r.new_points or () if t in current)
    withdrawn = dict.fromkeys(t for r in later for t in r.withdrawn or () if t not in current)
    return StoryView(
        id=story.id,
        title=story.title,
        created_at=story.created_at,
        updated_at=changed,
        key_points=[
            KeyPoint(
                kp.text,
                tuple(kp.evidence or ()),
                tuple(kp.outlets or ()),
                tuple(kp.rivals or ()),
                tuple(kp.replaces or ()),
            )
            for kp in story.key_points
        ],
        sources=sources,
        revision=story.revision,
        conflicts=tuple(story.conflicts or ()),
        published_at=min(published) if published else None,
        since_first=tuple(added),
        moved_at=changed if moved else None,
        withdrawn=tuple(withdrawn),
    )


def _loaded() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Story.key_points),
        selectinload(Story.articles).selectinload(Article.feed),
        selectinload(Story.revisions),
    )


def latest_stories(
    db: Database,
    n: int,
    topic: str | None = None,
    conflicts: Sequence[str] | None = None,
    offset: int = 0,
) -> list[StoryView]:
    """The `n` most recently changed stories that have key points, newest first.

    `conflicts` keeps the stories about any of them (None: every story).
    """
    with db.session() as session:
        newest = (func.coalesce(Story.changed_at, Story.created_at).desc(), Story.id.desc())
        query = select(Story).options(*_loaded()).where(Story.revision > 0).order_by(*newest)
        if topic is not None:
            query = query.where(Story.topic == topic)
        # Conflicts are a JSON list, filtered here; the newest few hundred are plenty for a list.
        window = offset + max(n, 0) if conflicts is None else CONFLICT_SCAN
        views = [_view(s) for s in session.scalars(query.limit(window))]
    if conflicts is not None:
        views = [v for v in views if not v.conflicts or set(v.conflicts) & set(conflicts)]
    return views[offset : offset + max(n, 0)]


def get_story(db: Database, story_id: int, topic: str | None = None) -> StoryView | None:
    """Story `story_id`, if it is about `topic` (None: any): a bot shows its own topic's only."""
    with db.session() as session:
        query = select(Story).options(*_loaded()).where(Story.id == story_id)
        if topic is not None:
            query = query.where(Story.topic == topic)
        story = session.scalar(query)
        return None if story is None else _view(story)


def stories_by_ids(db: Database, ids: Iterable[int]) -> list[StoryView]:
    """The stories with these ids, in the order given (unknown ids are skipped)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    with db.session() as session:
        stories = session.scalars(select(Story).options(*_loaded()).where(Story.id.in_(wanted)))
        by_id = {s.id: _view(s) for s in stories}
    return [by_id[i] for i in wanted if i in by_id]


def story_timeline(db: Database, story_id: int) -> list[TimelineEntry]:
    """The story's revisions, oldest first: its first report, then each update."""
    with db.session() as session:
        rows = session.scalars(
            select(StoryRevision)
            .where(StoryRevision.story_id == story_id)
            .order_by(StoryRevision.number)
        )
        return [
            TimelineEntry(
                r.number,
                r.created_at,
                tuple(r.outlets or ()),
                tuple(r.new_points or ()),
                tuple(
                    point
                    for point in map(point_from_json, r.key_points or ())
                    if point.replaces and point.text in (r.new_points or ())
                ),
                tuple(r.withdrawn or ()),
            )
            for r in rows
        ]


def revision_point_texts(
    db: Database, wanted: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], frozenset[str]]:
    """The key point texts of these (story id, revision number) pairs."""
    pairs = set(wanted)
    if not pairs:
        return {}
    with db.session() as session:
        rows = session.scalars(
            select(StoryRevision).where(StoryRevision.story_id.in_({p[0] for p in pairs}))
        )
        return {
            (r.story_id, r.number): frozenset(str(p.get("text", "")) for p in r.key_points)
            for r in rows
            if (r.story_id, r.number) in pairs
        }
