"""Ingestion's writes: articles, placing them in stories, and story revisions.

The steps are separate short transactions, and each leaves a mark the next poll can resume from,
so a process killed anywhere between them loses nothing:

1. `add_article` stores an article; an on-topic one has no story yet (`unplaced_articles`).
2. `place_article` joins it to a story or starts one, and marks that story `dirty`.
3. The model summarizes the story outside any lock; `save_revision` writes the new revision
   and clears `dirty` unless more articles arrived meanwhile (`dirty_stories` lists the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.ingest.conflicts import Weights, add_weights, merge_conflicts
from bot.storage.db import Database
from bot.storage.models import Article, Feed, KeyPointRow, Story, StoryRevision, utcnow
from bot.storage.seen import known_article
from bot.storage.stories import outlet_name, point_from_json, point_to_json, shown_time
from summarizer import KeyPoint

__all__ = [
    "ArticleForStory",
    "NewArticle",
    "Retagger",
    "StoredArticle",
    "StoryMaterial",
    "add_article",
    "cluster_candidates",
    "dirty_stories",
    "place_article",
    "save_revision",
    "story_material",
    "story_of",
    "unplaced_articles",
]

MAX_ARTICLES_PER_CANDIDATE = 20


class Retagger(Protocol):
    """A story's conflict tags from the summed weights of its reports, each a (title, text)
    (`bot.ingest.conflicts.ConflictTagger`)."""

    def weigh(self, reports: Iterable[tuple[str, str]]) -> Weights: ...

    def tags(self, weights: Weights) -> Sequence[str]: ...


def _weights_from_json(stored: Any) -> dict[str, tuple[int, int]] | None:
    """A story's stored weights; None when it has none (or they cannot be read), so they are
    weighed again from its reports."""
    if not isinstance(stored, dict):
        return None
    try:
        return {str(key): (int(pair[0]), int(pair[1])) for key, pair in stored.items()}
    except (TypeError, ValueError, IndexError, KeyError):
        return None


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
class ArticleForStory:
    """One of a story's articles as the multi-document summarizer reads it."""

    title: str
    text: str
    outlet: str
    url: str


@dataclass(frozen=True)
class StoryMaterial:
    """What summarizing a story needs, read in one transaction."""

    story_id: int
    revision: int
    article_count: int
    articles: list[ArticleForStory]
    previous: list[KeyPoint]
    known_articles: int = 0
    """How many of `articles` (the first to join) the newest revision was made from."""


def _vector(blob: bytes | None) -> npt.NDArray[np.float32] | None:
    return None if not blob else np.frombuffer(blob, dtype=np.float32)


def add_article(db: Database, article: NewArticle) -> int | None:
    """Store an article unless it is a duplicate; returns its id (None for a duplicate).

    An off-topic article is stored without its text: nothing reads it again, and its row
    serves only as a dedup key (canonical URL, guid, and the content hash, computed from the
    text before storing), so a year of off-topic page texts does not fill the database.
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
            text=article.text if article.on_topic else "",
            content_hash=article.content_hash,
            published_at=article.published_at,
            relevance=article.relevance,
            on_topic=article.on_topic,
            embedding=None if embedding is None else np.asarray(embedding, np.float32).tobytes(),
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


def story_of(db: Database, article_id: int) -> int | None:
    """The story the article is in, if it has been placed."""
    with db.session() as session:
        return session.scalar(select(Article.story_id).where(Article.id == article_id))


def cluster_candidates(
    db: Database, topic: str, since: datetime
) -> list[tuple[int, list[StoredArticle]]]:
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
        return sorted(grouped.items())


def place_article(
    db: Database,
    article_id: int,
    story_id: int | None,
    *,
    topic: str,
    pushable: bool,
    conflicts: Sequence[str] = (),
    shown_at: datetime | None = None,
    retag: Retagger | None = None,
    weights: Weights | None = None,
) -> int:
    """Join the article to `story_id`, or start a story with it; the story becomes dirty.

    `shown_at` is when the story shows the article came out: the time clustering placed it
    by (its feed's date when plausible for the window in force). Without it, when it was seen.
    With `retag` the story's conflicts are weighed again over all its reports, so a report that
    names another war in passing does not add it for good; without it the article's
    `conflicts` join the story's (and "other" goes once a named conflict is among them).
    The story keeps the sum of its reports' weights, to which the article's `weights` (weighed
    by the caller, outside this transaction; by `retag` when not given) are added, so placing
    a report reads no other report's text. A story from before that sum (migration 0009)
    weighs its reports once.
    """
    now = utcnow()
    with db.session() as session:
        article = session.get_one(Article, article_id)
        article.shown_at = shown_at or article.fetched_at
        story = None if story_id is None else session.get(Story, story_id)
        started = story is None
        if story is None:
            story = Story(
                topic=topic,
                title=article.title,
                created_at=now,
                updated_at=now,
                pushable=pushable,
                conflicts=list(conflicts),
                revision=0,
                dirty=True,
            )
            session.add(story)
            session.flush()
        else:
            story.updated_at = now
            story.dirty = True
            # Backlog from a feed's first poll becomes news when a new report moves it on.
            story.pushable = story.pushable or pushable
            story.conflicts = list(merge_conflicts(story.conflicts or (), conflicts))
        article.placement = _article_count(session, story.id) + 1
        article.story_id = story.id
        if retag is not None:
            mine = retag.weigh([(article.title, article.text)]) if weights is None else weights
            before = None if started else _weights_from_json(story.conflict_weights)
            if before is None and not started:
                others = session.execute(
                    select(Article.title, Article.text).where(
                        Article.story_id == story.id, Article.id != article.id
                    )
                ).all()
                before = dict(retag.weigh([(title, text) for title, text in others]))
            total = add_weights(before or {}, mine)
            story.conflict_weights = {key: [own, shared] for key, (own, shared) in total.items()}
            story.conflicts = list(retag.tags(total))
        return story.id


def _article_count(session: Session, story_id: int) -> int:
    query = select(func.count()).select_from(Article).where(Article.story_id == story_id)
    return session.scalar(query) or 0


def dirty_stories(db: Database, limit: int = 50) -> list[int]:
    """Stories whose articles changed since their newest revision, oldest change first."""
    with db.session() as session:
        return list(
            session.scalars(
                select(Story.id)
                .where(Story.dirty.is_(True))
                .order_by(Story.updated_at)
                .limit(limit)
            )
        )


def story_material(db: Database, story_id: int) -> StoryMaterial | None:
    """The story's articles (oldest first) and the key points its subscribers have seen."""
    with db.session() as session:
        story = session.scalar(
            select(Story)
            .options(selectinload(Story.articles).selectinload(Article.feed))
            .where(Story.id == story_id)
        )
        if story is None:
            return None
        previous: list[KeyPoint] = []
        known = 0
        if story.revision:
            latest = session.scalar(
                select(StoryRevision).where(
                    StoryRevision.story_id == story_id, StoryRevision.number == story.revision
                )
            )
            if latest is not None:
                previous = [point_from_json(p) for p in latest.key_points]
                known = latest.article_count
        articles = [
            ArticleForStory(
                title=a.title,
                text=a.text,
                outlet=outlet_name(a.feed.title if a.feed is not None else None, a.url),
                url=a.url,
            )
            # In the order they joined the story: the first `known` are those the previous
            # revision was made from.
            for a in sorted(story.articles, key=lambda a: (a.placement or 0, a.id))
        ]
        return StoryMaterial(story_id, story.revision, len(articles), articles, previous, known)


def save_revision(
    db: Database,
    material: StoryMaterial,
    key_points: Sequence[KeyPoint],
    backend: str | None,
    *,
    made_from: int | None = None,
) -> int | None:
    """Write the next revision from `material`; None if another writer got there first.

    The story stays dirty when articles arrived after `material` was read, so the next pass
    summarizes it again with them. `made_from` is how many of its articles (the first to join)
    `key_points` were made from, all by default; a failed run keeps the points shown, made from
    fewer, and saying so lets the next run find news in the articles it could not summarize
    (the summarizer takes a new point only from an article after the ones a revision counts).
    """
    try:
        with db.session() as session:
            return _write_revision(session, material, key_points, backend, made_from)
    except IntegrityError:
        # Another ingest process summarized the same story at the same time and wrote this
        # revision number first: the unique (story, number) key decides, as it should.
        return None


def _write_revision(
    session: Session,
    material: StoryMaterial,
    key_points: Sequence[KeyPoint],
    backend: str | None,
    made_from: int | None,
) -> int | None:
    now = utcnow()
    story = session.get(Story, material.story_id)
    if story is None or story.revision != material.revision:
        return None
    count = _article_count(session, story.id)
    previous_texts = {p.text for p in material.previous}
    new_points = [p.text for p in key_points if p.text not in previous_texts]
    moved_before = any(r.number > 1 and r.new_points for r in story.revisions)
    number = story.revision + 1
    outlets = list(dict.fromkeys(a.outlet for a in material.articles))
    session.add(
        StoryRevision(
            story_id=story.id,
            number=number,
            created_at=now,
            key_points=[point_to_json(p) for p in key_points],
            new_points=new_points,
            outlets=outlets,
            article_count=material.article_count if made_from is None else made_from,
            fanned_out_at=None,
        )
    )
    story.key_points = [
        KeyPointRow(
            position=i,
            text=p.text,
            evidence=list(p.evidence),
            outlets=list(p.outlets),
            rivals=list(p.rivals),
        )
        for i, p in enumerate(key_points)
    ]
    story.revision = number
    if number > 1 and new_points:
        story.changed_at = now
    elif not moved_before:
        # Until it moves, a story is listed at when its news came out, the time it shows.
        story.changed_at = min(shown_time(a) for a in story.articles) if story.articles else now
    story.summary_backend = backend
    story.dirty = count != material.article_count
    return number
