"""Reports read again: what is stored of a listed item, and saving a correction made in place.

A corrected report rejoins its story as its newest one (its next placement), keeping the text
the story was last summarized from (`Article.earlier_text`): the next revision reads the
corrected text as news and the old one as what readers were told, so only what changed is new
and a point only the old text said is replaced, not left standing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.storage.articles import last_placement
from bot.storage.db import Database
from bot.storage.models import Article, Story, StoryRevision, utcnow
from bot.storage.seen import same_entry

__all__ = ["StoredEntry", "correct_article", "record_fingerprint", "stored_entry"]


@dataclass(frozen=True)
class StoredEntry:
    """What is stored of an item a feed lists again."""

    article_id: int
    feed_id: int | None
    fingerprint: str | None
    """None: stored before fingerprints were kept (the next listing records one)."""
    story_id: int | None
    content_hash: str | None
    fetched_at: datetime
    outlet: str | None
    """The outlet an aggregator's item named (None: none, or stored before they were read)."""


def stored_entry(
    db: Database, feed_id: int, guid: str | None, canonical: str
) -> StoredEntry | None:
    """The stored article a listed item is (same guid in this feed, or same canonical URL)."""
    with db.session() as session:
        # Only the keys: every poll asks this of every item its feeds list, and a page's text
        # can be tens of kilobytes.
        row = session.execute(
            select(
                Article.id,
                Article.feed_id,
                Article.entry_fingerprint,
                Article.story_id,
                Article.content_hash,
                Article.fetched_at,
                Article.outlet,
            )
            .where(or_(*same_entry(feed_id, guid, canonical)))
            .limit(1)
        ).first()
        return None if row is None else StoredEntry(*row)


def record_fingerprint(
    db: Database, article_id: int, fingerprint: str, outlet: str | None = None
) -> None:
    """The item's listing as read now; `outlet`, when given, the outlet its item names."""
    with db.session() as session:
        article = session.get(Article, article_id)
        if article is not None:
            article.entry_fingerprint = fingerprint
            if outlet is not None:
                article.outlet = outlet


def correct_article(
    db: Database,
    article_id: int,
    *,
    title: str,
    text: str,
    content_hash: str | None,
    fingerprint: str,
) -> int | None:
    """Save the corrected report and queue its story for a new revision; the story's id, or
    None when the article left its story meanwhile (pruned), then only the text is saved.

    Under the placement lock, like placing a report: both give out the story's next placement.
    """
    with db.exclusive("story-placement"), db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            return None
        story = session.get(Story, article.story_id) if article.story_id is not None else None
        if story is not None and (article.placement or 0) <= _summarized_up_to(session, story):
            # The newest revision read this text: keep it as what readers were told. A report
            # corrected twice before a revision read it keeps the version that one read.
            article.earlier_text = article.text
        if story is not None and story.title == article.title:
            story.title = title  # the headline every message shows must not keep the old figure
        article.title = title
        article.text = text
        article.content_hash = content_hash
        article.entry_fingerprint = fingerprint
        article.corrected_at = utcnow()
        if story is None:
            return None
        article.placement = last_placement(session, story.id) + 1
        story.dirty = True
        story.updated_at = utcnow()
        return story.id


def _summarized_up_to(session: Session, story: Story) -> int:
    """The placement the story's newest revision was made from (0: none yet)."""
    if not story.revision:
        return 0
    made_from = session.scalar(
        select(StoryRevision.article_count).where(
            StoryRevision.story_id == story.id, StoryRevision.number == story.revision
        )
    )
    return made_from or 0
