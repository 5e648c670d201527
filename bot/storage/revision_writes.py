"""A story's revisions: what summarizing it reads, and writing the result as its next revision.

The model runs between the two, outside any transaction, so reading and writing are separate
steps and the write checks that no other writer moved the story meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.storage.articles import last_placement
from bot.storage.db import Database
from bot.storage.models import Article, KeyPointRow, Story, StoryRevision, utcnow
from bot.storage.stories import article_outlet, point_from_json, point_to_json, shown_time
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
    placed: int
    """The placement of its newest report: a revision made from `articles` saw up to it."""
    articles: list[ArticleForStory]
    previous: list[KeyPoint]
    known_articles: int = 0
    """How many of `articles` (the first to join) the newest revision was made from."""
    known_placement: int = 0
    """The placement the newest revision saw up to (`StoryRevision.article_count`)."""
    earlier: list[ArticleForStory] = field(default_factory=list)
    """The versions the newest revision was made from of reports corrected since."""


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
        seen_up_to = 0
        if story.revision:
            latest = session.scalar(
                select(StoryRevision).where(
                    StoryRevision.story_id == story_id, StoryRevision.number == story.revision
                )
            )
            if latest is not None:
                previous = [point_from_json(p) for p in latest.key_points]
                seen_up_to = latest.article_count
        # In the order they joined the story (a report corrected in place joins it again):
        # the first `known` are those the previous revision was made from.
        ordered = sorted(story.articles, key=lambda a: (a.placement or 0, a.id))
        known = sum(1 for a in ordered if (a.placement or 0) <= seen_up_to)
        return StoryMaterial(
            story_id,
            story.revision,
            max((a.placement or 0 for a in ordered), default=0),
            [_for_story(a, a.text) for a in ordered],
            previous,
            known,
            seen_up_to,
            [_for_story(a, a.earlier_text) for a in ordered[known:] if a.earlier_text],
        )


def _for_story(article: Article, text: str) -> ArticleForStory:
    return ArticleForStory(
        title=article.title, text=text, outlet=article_outlet(article), url=article.url
    )


def save_revision(
    db: Database,
    material: StoryMaterial,
    key_points: Sequence[KeyPoint],
    backend: str | None,
    *,
    made_from: int | None = None,
    withdrawn: Sequence[str] = (),
) -> int | None:
    """Write the next revision from `material`; None if another writer got there first.

    The story stays dirty when articles arrived after `material` was read, so the next pass
    summarizes it again with them. `made_from` is the placement of the newest article
    `key_points` were made from, all of them by default; a failed run keeps the points shown,
    made from fewer, and saying so lets the next run find news in the articles it could not
    summarize (the summarizer takes a new point only from an article after the ones a revision
    saw). `withdrawn`: the previous points their outlet removed (`Summary.withdrawn`).
    """
    try:
        with db.session() as session:
            return _write_revision(session, material, key_points, backend, made_from, withdrawn)
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
    withdrawn: Sequence[str] = (),
) -> int | None:
    now = utcnow()
    story = session.get(Story, material.story_id)
    if story is None or story.revision != material.revision:
        return None
    placed = last_placement(session, story.id)
    previous_texts = {p.text for p in material.previous}
    new_points = [p.text for p in key_points if p.text not in previous_texts]
    moved_before = any(r.number > 1 and r.moves for r in story.revisions)
    number = story.revision + 1
    outlets = list(dict.fromkeys(a.outlet for a in material.articles))
    session.add(
        StoryRevision(
            story_id=story.id,
            number=number,
            created_at=now,
            key_points=[point_to_json(p) for p in key_points],
            new_points=new_points,
            withdrawn=list(withdrawn),
            outlets=outlets,
            article_count=material.placed if made_from is None else made_from,
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
            replaces=list(p.replaces),
        )
        for i, p in enumerate(key_points)
    ]
    story.revision = number
    if number > 1 and (new_points or withdrawn):
        story.changed_at = now
    elif not moved_before:
        # Until it moves, a story is listed at when its news came out, the time it shows.
        story.changed_at = min(shown_time(a) for a in story.articles) if story.articles else now
    story.summary_backend = backend
    story.dirty = placed != material.placed
    return number
