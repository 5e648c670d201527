"""The story steps after an article is stored: place it in a story, then summarize the story.

Placing is short and serialized (one lock in the process, one database-wide lock across
processes), so two outlets reporting one development in the same poll still end in one story.
Summarizing runs after, outside those locks, in the model thread: a slow summary never holds up
other feeds' articles. Each step is its own transaction and leaves a mark
(`bot.storage.story_writes`), so what a crash interrupts is finished by the next poll
(placing) or the next summary run (summarizing).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from collections.abc import Set as AbstractSet
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.ingest.cluster import (
    ClusterArticle,
    ClusterConfig,
    ClusterStory,
    choose_story,
    effective_time,
)
from bot.ingest.conflicts import Weights, named_wars
from bot.storage.corrections import correct_article
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.story_writes import (
    Retagger,
    StoredArticle,
    cluster_candidates,
    dirty_stories,
    place_article,
    save_revision,
    story_material,
    story_of,
    waiting_near_misses,
)

if TYPE_CHECKING:
    from summarizer.story import StorySummarizer

__all__ = ["StorySteps", "story_point_budget"]

log = logging.getLogger(__name__)

ModelRunner = Callable[[Callable[[], Any]], Awaitable[Any]]
"""Runs a call in the model thread (never on the event loop) and awaits its result."""

FIRST_POINTS = 5
NEW_POINTS_PER_REVISION = 2


def story_point_budget(previous: int) -> int:
    """How many key points a story's next revision may hold.

    A first report gets FIRST_POINTS (a push shows the reader's 3 or 5 of them); each later
    revision keeps the points already shown and has room for a couple of new ones, so a new
    fact is never crowded out by what subscribers already know. No ceiling: a story that had
    reached one would keep its shown points and never again send an update, however it
    moved. Readers see their number of points and, in updates, only the new ones.
    """
    if previous == 0:
        return FIRST_POINTS
    return max(FIRST_POINTS, previous + NEW_POINTS_PER_REVISION)


class StorySteps:
    """Places stored on-topic articles in stories and writes the stories' revisions."""

    def __init__(
        self,
        db: Database,
        topic_key: str,
        cluster: ClusterConfig,
        summarizer: StorySummarizer,
        run_model: ModelRunner,
        retag: Retagger | None = None,
    ) -> None:
        """`retag` weighs a story's conflicts over all its reports each time one joins (the
        story's summed weights plus the new report's); without it the new report's tags join
        the story's."""
        self._db = db
        self._retag = retag
        self._topic_key = topic_key
        self._cluster = cluster
        self._summarizer = summarizer
        self._run_model = run_model
        self._place_lock = asyncio.Lock()
        self._summary_lock = asyncio.Lock()

    async def place(
        self,
        article: StoredArticle,
        embedding: Any,
        *,
        pushable: bool,
        conflicts: Sequence[str],
    ) -> tuple[int, bool]:
        """Join the story this article reports, or start one: (story id, started a new one)."""
        story_id, created = await self._put(article, embedding, pushable, conflicts, False)
        assert story_id is not None  # a report that may start a story always has one
        return story_id, created

    async def join(
        self,
        article: StoredArticle,
        embedding: Any,
        *,
        pushable: bool,
        conflicts: Sequence[str],
    ) -> int | None:
        """Join the story this report tells of, as `place` does, but never start one: the
        story's id, or None, and then the report waits, off topic, for a story of its
        development to start (`_gather_near_misses`). For a report relevance dropped by a
        little (`Relevance.near_miss`)."""
        story_id, _ = await self._put(article, embedding, pushable, conflicts, True)
        return story_id

    async def _put(
        self,
        article: StoredArticle,
        embedding: Any,
        pushable: bool,
        conflicts: Sequence[str],
        join_only: bool,
        weights: Weights | None = None,
    ) -> tuple[int | None, bool]:
        mine = replace(article, embedding=embedding)
        # The report's conflict weights (unless the caller weighed it), before any lock or
        # transaction: the story adds them.
        if weights is None and self._retag is not None:
            weights = await asyncio.to_thread(self._retag.weigh, [(article.title, article.text)])
        async with self._place_lock:
            story_id, created = await asyncio.to_thread(
                self._place_now, mine, pushable, conflicts, weights, join_only
            )
        if created and story_id is not None:
            await self._gather_near_misses(story_id)
        return story_id, created

    async def _gather_near_misses(self, started: int) -> None:
        """Join to a story just started the near misses waiting in the window that clustering
        puts in it: reports that came before the one that started it and found no story then.
        They are found outside the placement lock (a comparison of each with the whole pool,
        about a second for hundreds of them), then each joins as any near miss does, judged
        again under the lock. They make no story news: the story is as pushable as its first
        report made it."""
        try:
            for waiting, weights in await asyncio.to_thread(self._near_misses_for, started):
                await self._put(waiting, waiting.embedding, False, (), True, weights)
        except Exception:  # the story stands; a near miss not joined waits for the next one
            log.exception("could not offer the waiting near misses to story %s", started)

    def _near_misses_for(self, started: int) -> list[tuple[StoredArticle, Weights | None]]:
        """The waiting near misses clustering puts in story `started`, each with its conflict
        weights (None without a retagger), which its joining reuses."""
        now = utcnow()
        stories = self._candidates(now)
        found = []
        for waiting in waiting_near_misses(self._db, now - self._cluster.window):
            weights = self._retag.weigh([(waiting.title, waiting.text)]) if self._retag else None
            report = self._as_cluster_article(waiting, named_wars(weights or {}))
            if choose_story(report, stories, self._cluster) == started:
                found.append((waiting, weights))
        return found

    def _candidates(self, now: datetime, leave_out: int | None = None) -> list[ClusterStory]:
        """The stories a report may join, each with its newest articles (but `leave_out`)."""
        stories = [
            ClusterStory(
                story.story_id,
                [self._as_cluster_article(a) for a in story.articles if a.id != leave_out],
                named_wars(story.conflict_weights),
            )
            for story in cluster_candidates(
                self._db, self._topic_key, now - 2 * self._cluster.window
            )
        ]
        return [s for s in stories if s.articles]

    def _as_cluster_article(
        self, article: StoredArticle, wars: AbstractSet[str] = frozenset()
    ) -> ClusterArticle:
        when = effective_time(article.published_at, article.fetched_at, self._cluster.window)
        return ClusterArticle(article.title, article.text, when, article.embedding, wars)

    def _place_now(
        self,
        article: StoredArticle,
        pushable: bool,
        conflicts: Sequence[str],
        weights: Weights | None,
        join_only: bool,
    ) -> tuple[int | None, bool]:
        # Reading the candidates and writing the choice happen under one database-wide lock,
        # so two ingest processes never start two stories for the same development.
        with self._db.exclusive("story-placement"):
            # Another ingest process may have placed it since this one read it (its crash
            # recovery picks up articles a live peer has stored but not yet placed).
            placed = story_of(self._db, article.id)
            if placed is not None:
                return placed, False
            stories = self._candidates(utcnow(), leave_out=article.id)
            mine = self._as_cluster_article(article, named_wars(weights or {}))
            match = choose_story(mine, stories, self._cluster)
            if match is None and join_only:
                return None, False  # it waits for a story of its development to start
            story_id = place_article(
                self._db,
                article.id,
                match,
                topic=self._topic_key,
                pushable=pushable,
                conflicts=conflicts,
                shown_at=mine.time,
                retag=self._retag,
                weights=weights,
            )
        return story_id, match is None

    async def correct(
        self,
        article_id: int,
        *,
        title: str,
        text: str,
        content_hash: str | None,
        fingerprint: str,
    ) -> int | None:
        """Save a report its outlet corrected in place and queue its story for a revision
        (`bot.storage.corrections`); the story's id. Under the placement lock: a correction
        takes the story's next placement, as a joining report does."""
        async with self._place_lock:
            return await asyncio.to_thread(
                partial(
                    correct_article,
                    self._db,
                    article_id,
                    title=title,
                    text=text,
                    content_hash=content_hash,
                    fingerprint=fingerprint,
                )
            )

    async def summarize_dirty(self) -> int:
        """Write a new revision for every story whose articles changed; how many were written."""
        written = 0
        async with self._summary_lock:
            for story_id in await asyncio.to_thread(dirty_stories, self._db):
                try:
                    async with self._claim(story_id) as mine:
                        if mine and await self._summarize_story(story_id):
                            written += 1
                except Exception:
                    log.exception("could not summarize story %s; it stays queued", story_id)
        return written

    @asynccontextmanager
    async def _claim(self, story_id: int) -> AsyncIterator[bool]:
        """Whether this process summarizes the story now: another ingest process summarizing
        it already holds it, and this one moves on to the next story instead of doing the
        same work twice."""
        lock = self._db.claimed(f"story-summary:{story_id}")
        mine = await asyncio.to_thread(lock.__enter__)
        try:
            yield mine
        finally:
            await asyncio.to_thread(lock.__exit__, None, None, None)

    async def _summarize_story(self, story_id: int) -> bool:
        from summarizer.story import StoryArticle

        material = await asyncio.to_thread(story_material, self._db, story_id)
        if material is None or not material.articles:
            return False
        articles = [StoryArticle(a.text, a.title, a.outlet, a.url) for a in material.articles]
        earlier = [StoryArticle(a.text, a.title, a.outlet, a.url) for a in material.earlier]
        backend: str | None
        try:
            summary = await self._run_model(
                partial(
                    self._summarizer.summarize,
                    articles,
                    story_point_budget(len(material.previous)),
                    previous=material.previous,
                    known=material.known_articles,
                    earlier=earlier,
                )
            )
            points, backend = list(summary.key_points), str(summary.backend)
            made_from, withdrawn = material.placed, summary.withdrawn
        except Exception as exc:  # a story without key points still shows its sources
            log.warning("could not summarize story %s: %s", story_id, exc)
            # The points shown stay, made from the articles the last revision knew: the ones
            # this run could not read are still news to the next run, not already summarized.
            points, backend = list(material.previous), None
            made_from, withdrawn = material.known_placement, ()
        number = await asyncio.to_thread(
            partial(
                save_revision,
                self._db,
                material,
                points,
                backend,
                made_from=made_from,
                withdrawn=withdrawn,
            )
        )
        return number is not None
