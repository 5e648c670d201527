"""Stories as the bot shows them, and the writes ingestion makes to articles and stories.

Reads return frozen views (no live ORM objects leak out of a session), so handlers can render
them anywhere. Writes are small functions, one transaction each, called from a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from bot.storage.db import Database
from bot.storage.models import Article, KeyPointRow, Story, utcnow

__all__ = [
    "KeyPointView",
    "NewArticle",
    "SourceView",
    "StoryRow",
    "StoryView",
    "add_article",
    "attach_article",
    "create_story",
    "get_story",
    "known_article",
    "latest_stories",
    "recent_stories",
    "stories_by_ids",
]


@dataclass(frozen=True)
class KeyPointView:
    text: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SourceView:
    """One outlet's report of the story: outlet is the feed's title, else the site's host."""

    outlet: str
    title: str
    url: str


@dataclass(frozen=True)
class StoryView:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    key_points: list[KeyPointView]
    sources: list[SourceView]


def _outlet(article: Article) -> str:
    if article.feed is not None and article.feed.title:
        return article.feed.title
    host = (urlsplit(article.url).hostname or "").lower()
    return host.removeprefix("www.")


def _view(story: Story) -> StoryView:
    return StoryView(
        id=story.id,
        title=story.title,
        created_at=story.created_at,
        updated_at=story.updated_at,
        key_points=[KeyPointView(kp.text, tuple(kp.evidence or ())) for kp in story.key_points],
        sources=[SourceView(_outlet(a), a.title, a.url) for a in story.articles],
    )


def _loaded() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Story.key_points),
        selectinload(Story.articles).selectinload(Article.feed),
    )


def latest_stories(db: Database, n: int, topic: str | None = None) -> list[StoryView]:
    """The `n` newest stories (pushable or not), newest first."""
    with db.session() as session:
        newest = (Story.created_at.desc(), Story.id.desc())
        query = select(Story).options(*_loaded()).order_by(*newest)
        if topic is not None:
            query = query.where(Story.topic == topic)
        return [_view(s) for s in session.scalars(query.limit(max(n, 0)))]


def get_story(db: Database, story_id: int) -> StoryView | None:
    with db.session() as session:
        story = session.scalar(select(Story).options(*_loaded()).where(Story.id == story_id))
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


# Ingestion's side ------------------------------------------------------------------------


@dataclass(frozen=True)
class NewArticle:
    feed_id: int | None
    url: str
    canonical_url: str
    guid: str | None
    title: str
    text: str
    content_hash: str | None
    published_at: datetime | None
    relevance: float | None
    on_topic: bool


@dataclass(frozen=True)
class StoryRow:
    """A recent story as clustering sees it."""

    id: int
    title: str
    embedding: npt.NDArray[np.float32]
    updated_at: datetime
    best_text_length: int


def known_article(
    session: Session, feed_id: int | None, guid: str | None, canonical: str, digest: str | None
) -> bool:
    """Seen before: same guid in this feed, same canonical URL, or same text anywhere."""
    conditions = [Article.canonical_url == canonical]
    if guid and feed_id is not None:
        conditions.append((Article.feed_id == feed_id) & (Article.guid == guid))
    if digest:
        conditions.append(Article.content_hash == digest)
    return session.scalar(select(Article.id).where(or_(*conditions)).limit(1)) is not None


def add_article(db: Database, article: NewArticle) -> int | None:
    """Store an article unless it is a duplicate; returns its id (None for a duplicate)."""
    with db.session() as session:
        if known_article(
            session, article.feed_id, article.guid, article.canonical_url, article.content_hash
        ):
            return None
        row = Article(
            feed_id=article.feed_id,
            url=article.url[:2048],
            canonical_url=article.canonical_url[:2048],
            guid=(article.guid or None) and article.guid[:2048],
            title=article.title,
            text=article.text,
            content_hash=article.content_hash,
            published_at=article.published_at,
            relevance=article.relevance,
            on_topic=article.on_topic,
        )
        session.add(row)
        session.flush()
        return row.id


def recent_stories(db: Database, topic: str, since: datetime) -> list[StoryRow]:
    """Stories of `topic` updated since `since`, with their embeddings, for clustering."""
    with db.session() as session:
        query = (
            select(Story, Article.text)
            .outerjoin(Article, Article.id == Story.best_article_id)
            .where(Story.topic == topic, Story.updated_at >= since, Story.embedding.is_not(None))
        )
        return [
            StoryRow(
                story.id,
                story.title,
                np.frombuffer(story.embedding or b"", dtype=np.float32),
                story.updated_at,
                len(text or ""),
            )
            for story, text in session.execute(query)
        ]


def create_story(
    db: Database,
    *,
    topic: str,
    article_id: int,
    title: str,
    embedding: npt.NDArray[np.float32],
    pushable: bool,
    key_points: Sequence[tuple[str, Sequence[str]]],
    summary_backend: str | None,
) -> int:
    """A new story from its first article, with that article's key points, in one transaction.

    Key points are written together with the story so a pushable story is never seen (and
    fanned out) without them.
    """
    now = utcnow()
    with db.session() as session:
        story = Story(
            topic=topic,
            title=title,
            created_at=now,
            updated_at=now,
            pushable=pushable,
            best_article_id=article_id,
            embedding=np.asarray(embedding, dtype=np.float32).tobytes(),
            fanned_out_at=None,
            summary_backend=summary_backend,
        )
        story.key_points = [
            KeyPointRow(position=i, text=text, evidence=list(evidence))
            for i, (text, evidence) in enumerate(key_points)
        ]
        session.add(story)
        session.flush()
        session.get_one(Article, article_id).story_id = story.id
        return story.id


def attach_article(db: Database, story_id: int, article_id: int, *, best: bool) -> None:
    """Add another outlet's report to a story; its key points stay (never re-pushed)."""
    with db.session() as session:
        story = session.get_one(Story, story_id)
        session.get_one(Article, article_id).story_id = story_id
        story.updated_at = utcnow()
        if best:
            story.best_article_id = article_id
