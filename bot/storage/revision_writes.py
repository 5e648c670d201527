"""A story's revisions: what summarizing it reads, and writing the result as its next revision.

The model runs between the two, outside any transaction, so reading and writing are separate
steps and the write checks that no other writer moved the story meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.storage.articles import article_count
from bot.storage.db import Database
from bot.storage.models import Article, KeyPointRow, Story, StoryRevision, utcnow
from bot.storage.stories import outlet_name, point_from_json, point_to_json, shown_time
from summarizer import KeyPoint

__all__ = [
    "ArticleForStory",
    "StoryMaterial",
    "dirty_stories",
    "save_revision",
    "story_material",
]


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
    count = article_count(session, story.id)
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
