"""Ingestion's articles: storing each once, and reading them back as clustering needs them.

An article is stored before it is placed in a story (`bot.storage.placement`), so one a crash
left in between is found again (`unplaced_articles`) rather than lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.models import Article, Feed, Story
from bot.storage.seen import known_article

__all__ = [
    "CandidateStory",
    "NewArticle",
    "StoredArticle",
    "add_article",
    "cluster_candidates",
    "last_placement",
    "story_of",
    "stored_weights",
    "unplaced_articles",
    "waiting_near_misses",
]

MAX_ARTICLES_PER_CANDIDATE = 20


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
    embedding: npt.NDArray[np.float32] | None = None
    entry_fingerprint: str | None = None
    """A hash of the feed item as listed (`bot.ingest.corrections`)."""
    outlet: str | None = None
    """The outlet an aggregator's feed names for the item (`FeedEntry.source`)."""


@dataclass(frozen=True)
class StoredArticle:
    """An article as clustering needs it, read back from the database."""

    id: int
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    embedding: npt.NDArray[np.float32] | None
    pushable: bool
    """False for an article found on its feed's very first poll (backlog, never pushed)."""


@dataclass(frozen=True)
class CandidateStory:
    """A recent story an article may join: its newest articles and its conflict weights
    (key -> weight of the conflict's own names, of its shared names; empty if never weighed)."""

    story_id: int
    conflict_weights: dict[str, tuple[int, int]]
    articles: list[StoredArticle]


def stored_weights(stored: Any) -> dict[str, tuple[int, int]] | None:
    """A story's stored conflict weights; None when it has none (or they cannot be read), so
    they are weighed again from its reports."""
    if not isinstance(stored, dict):
        return None
    try:
        return {str(key): (int(pair[0]), int(pair[1])) for key, pair in stored.items()}
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def _vector(blob: bytes | None) -> npt.NDArray[np.float32] | None:
    return None if not blob else np.frombuffer(blob, dtype=np.float32)


def add_article(db: Database, article: NewArticle) -> int | None:
    """Store an article unless it is a duplicate; returns its id (None for a duplicate).

    An off-topic article is stored without its text: nothing reads it again, and its row
    serves only as a dedup key (canonical URL, guid, and the content hash, computed from the
    text before storing), so a year of off-topic page texts does not fill the database. A near
    miss (off topic, given an embedding: `Relevance.near_miss`) keeps its text, as it may yet
    join a story (`waiting_near_misses`) until retention clears off-topic texts.
    """
    try:
        return _add_article(db, article)
    except IntegrityError:  # another ingest process stored the same URL at the same moment
        return None


def _add_article(db: Database, article: NewArticle) -> int | None:
    with db.session() as session:
        if known_article(
            session, article.feed_id, article.guid, article.canonical_url, article.content_hash
        ):
            return None
        embedding = article.embedding
        row = Article(
            feed_id=article.feed_id,
            url=article.url,
            canonical_url=article.canonical_url,
            guid=article.guid,
            title=article.title,
            text=article.text if article.on_topic or embedding is not None else "",
            content_hash=article.content_hash,
            entry_fingerprint=article.entry_fingerprint,
            published_at=article.published_at,
            relevance=article.relevance,
            on_topic=article.on_topic,
            embedding=None if embedding is None else np.asarray(embedding, np.float32).tobytes(),
            outlet=article.outlet,
        )
        session.add(row)
        session.flush()
        return row.id


def _stored(article: Article, feed: Feed | None) -> StoredArticle:
    # Found on its feed's first poll (before that poll completed): backlog, never pushed.
    pushable = feed is None or (
        feed.first_polled_at is not None and article.fetched_at > feed.first_polled_at
    )
    return StoredArticle(
        id=article.id,
        title=article.title,
        text=article.text,
        published_at=article.published_at,
        fetched_at=article.fetched_at,
        embedding=_vector(article.embedding),
        pushable=pushable,
    )


def unplaced_articles(db: Database, limit: int = 200) -> list[StoredArticle]:
    """On-topic articles not in a story yet: a crash came between storing and placing them."""
    with db.session() as session:
        rows = session.execute(
            select(Article, Feed)
            .outerjoin(Feed, Feed.id == Article.feed_id)
            .where(Article.on_topic.is_(True), Article.story_id.is_(None))
            .order_by(Article.id)
            .limit(limit)
        ).all()
        return [_stored(article, feed) for article, feed in rows]


def waiting_near_misses(db: Database, since: datetime, limit: int = 500) -> list[StoredArticle]:
    """Reports relevance dropped by a little (`Relevance.near_miss`), seen since `since`, in
    no story yet: a story started after them may be the development they report."""
    with db.session() as session:
        rows = session.execute(
            select(Article, Feed)
            .outerjoin(Feed, Feed.id == Article.feed_id)
            .where(
                Article.on_topic.is_(False),
                Article.story_id.is_(None),
                Article.embedding.is_not(None),
                Article.text != "",
                Article.fetched_at >= since,
            )
            .order_by(Article.id.desc())
            .limit(limit)
        ).all()
        return [_stored(article, feed) for article, feed in rows]


def story_of(db: Database, article_id: int) -> int | None:
    """The story the article is in, if it has been placed."""
    with db.session() as session:
        return session.scalar(select(Article.story_id).where(Article.id == article_id))


def cluster_candidates(db: Database, topic: str, since: datetime) -> list[CandidateStory]:
    """Stories of `topic` with an article seen since `since`, each with its newest articles."""
    with db.session() as session:
        recent = (
            select(Article.story_id)
            .join(Story, Story.id == Article.story_id)
            .where(Story.topic == topic, Article.fetched_at >= since)
            .distinct()
        )
        story_ids = list(session.scalars(recent))
        if not story_ids:
            return []
        weights = {
            story_id: stored_weights(stored) or {}
            for story_id, stored in session.execute(
                select(Story.id, Story.conflict_weights).where(Story.id.in_(story_ids))
            )
        }
        articles = session.scalars(
            select(Article)
            .where(Article.story_id.in_(story_ids))
            .order_by(Article.story_id, Article.id.desc())
        )
        grouped: dict[int, list[StoredArticle]] = {}
        for article in articles:
            assert article.story_id is not None
            group = grouped.setdefault(article.story_id, [])
            if len(group) < MAX_ARTICLES_PER_CANDIDATE:
                group.append(_stored(article, None))
        return [
            CandidateStory(story_id, weights.get(story_id, {}), group)
            for story_id, group in sorted(grouped.items())
        ]


def last_placement(session: Session, story_id: int) -> int:
    """The placement of a story's newest report (0: none): the next one placed, or corrected
    in place, comes after it, and a revision made from it saw them all."""
    query = select(func.max(Article.placement)).where(Article.story_id == story_id)
    return session.scalar(query) or 0
