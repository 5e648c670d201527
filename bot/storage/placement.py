"""Placing a stored article in a story: joining the one clustering chose, or starting one.

The story is marked dirty in the same transaction, so a crash before it is summarized leaves
it for the next summary run (`bot.storage.revision_writes.dirty_stories`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import select

from bot.ingest.conflicts import Weights, add_weights, merge_conflicts
from bot.storage.articles import last_placement, stored_weights
from bot.storage.db import Database
from bot.storage.models import Article, Story, utcnow

__all__ = ["Retagger", "place_article"]


class Retagger(Protocol):
    """A story's conflict tags from the summed weights of its reports, each a (title, text)
    (`bot.ingest.conflicts.ConflictTagger`)."""

    def weigh(self, reports: Iterable[tuple[str, str]]) -> Weights: ...

    def tags(self, weights: Weights) -> Sequence[str]: ...


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
        article.placement = last_placement(session, story.id) + 1
        article.story_id = story.id
        article.on_topic = True  # a near miss (`Relevance.near_miss`) is on topic once it joins
        if retag is not None:
            mine = retag.weigh([(article.title, article.text)]) if weights is None else weights
            before = None if started else stored_weights(story.conflict_weights)
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
