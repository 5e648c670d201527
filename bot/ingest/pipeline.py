"""Ingestion: a poll (every due feed -> new entries -> full text -> relevance -> stories), then
a summary run (changed stories -> key points).

Feeds are read concurrently (a few at a time), each within its own time budget, so a slow or
trickling feed fails on its own instead of starving the others (reading one feed is
`bot.ingest.feed_reader`; this module runs the poll around it). For each new entry the article
is scored and stored first; placing it in a story is a short step under one lock (so two
outlets reporting the same development in the same poll still end up in one story).
Summarizing the changed stories is a separate step with a lock of its own, never the poll's:
the caller runs it after the poll (`summarize_dirty`, or `summarize_in_background` for the
schedulers, whose polls also start it once their first news has waited SUMMARY_WAIT_SECONDS
for a slow feed), so a slow summary run never makes the next poll of every feed wait or
skip. Each step is its own transaction that leaves a mark (`bot.storage.story_writes`):
every poll starts by placing the articles a crash left without a story, and every summary
run takes all the stories still marked dirty, whenever they were left so.

A feed that fails (HTTP error, timeout, too big, not a feed, over budget...) is marked unhealthy
with the reason and backed off; it never raises out of `poll_once` and never deletes anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from sqlalchemy.exc import SQLAlchemyError

from bot.ingest.background import BackgroundRuns
from bot.ingest.cluster import ClusterConfig, cluster_text, dated_before_window
from bot.ingest.conflicts import ConflictTagger, tag_conflicts
from bot.ingest.daily_prune import DailyPrune
from bot.ingest.feed_reader import FeedReader, FeedReport
from bot.ingest.relevance import (
    EmbedderLike,
    Relevance,
    TopicVectors,
    embed_topic,
    score_article,
)
from bot.ingest.story_steps import StorySteps
from bot.ingest.topic import Topic, load_topic
from bot.storage.db import Database
from bot.storage.feeds import (
    FEED_LEASE,
    FeedState,
    due_feeds,
    release_feeds,
    renew_claim,
    sync_feeds,
)
from bot.storage.models import utcnow
from bot.storage.story_writes import unplaced_articles
from config import Settings

if TYPE_CHECKING:
    from bot.ingest.extractor import PageExtractor
    from summarizer.story import StorySummarizer

__all__ = ["IngestReport", "Ingestor"]

log = logging.getLogger(__name__)
T = TypeVar("T")

FEED_CONCURRENCY = 4
SUMMARY_WAIT_SECONDS = 10.0
"""How long the first news a poll places waits for the poll's other feeds before a scheduled
poll starts summarizing anyway: reports of one development read in the same poll still make
one push with all their outlets, and a slow site (each of its pages may take
FETCH_TIMEOUT_SECONDS, the feed up to FEED_BUDGET_SECONDS) no longer holds every other feed's
news back until the whole poll ends."""
CLAIM_BATCH = 2 * FEED_CONCURRENCY
"""Feeds a poll claims at once; it claims more as its readers finish them."""


@dataclass
class IngestReport:
    """A poll's outcome; `new_story_ids` lists the new stories that may be pushed.

    `revisions` counts the revisions written by the summary run that followed the poll:
    `poll_once` leaves it 0 (a run it starts itself is not counted) and a caller that awaits
    `summarize_dirty` after the poll, as `python -m bot ingest --once` does, fills it in.
    `resumed` counts the articles a stop had left without a story that this poll placed.
    """

    feeds: list[FeedReport] = field(default_factory=list)
    new_story_ids: list[int] = field(default_factory=list)
    revisions: int = 0
    resumed: int = 0


class _FeedClaims:
    """One poll's feeds, claimed a batch at a time as its readers run out of them.

    A batch is a couple of feeds per reader: a second ingest process finds the rest to take,
    and a claimed feed waits at most a couple of reads for its turn. Before a feed is read its
    claim is renewed, so one whose lease ran out meanwhile (and that a peer took) is left to it.
    """

    def __init__(
        self, db: Database, owner: str | None, ignore_backoff: bool, lease: timedelta
    ) -> None:
        self._db = db
        self._owner = owner
        self._ignore_backoff = ignore_backoff
        self._lease = lease
        self._started = utcnow()
        self._taken: set[int] = set()
        self._waiting: list[FeedState] = []
        self._lock = asyncio.Lock()
        self._done = False

    async def next(self) -> FeedState | None:
        """The next feed to read; None when no feed is left to this poll. A database error
        while claiming ends the claiming (the feeds already taken are still read): the next
        poll claims the rest."""
        async with self._lock:
            if not self._waiting and not self._done:
                try:
                    batch = await asyncio.to_thread(
                        partial(
                            due_feeds,
                            self._db,
                            utcnow(),
                            self._ignore_backoff,
                            owner=self._owner,
                            lease=self._lease,
                            limit=CLAIM_BATCH,
                            skip=frozenset(self._taken),
                            read_since=self._started,
                        )
                    )
                except SQLAlchemyError:
                    log.exception("claiming the next feeds failed; this poll reads no more")
                    batch = []
                self._taken.update(feed.id for feed in batch)
                self._waiting.extend(batch)
                self._done = len(batch) < CLAIM_BATCH
            return self._waiting.pop(0) if self._waiting else None

    async def still_mine(self, feed: FeedState) -> bool:
        """Renew the claim before reading. If the database cannot say (a lock timeout, a
        dropped connection), read the feed anyway: a peer reading it too stores nothing twice
        (articles are deduplicated), while skipping it would leave it unread for a lease."""
        if self._owner is None:
            return True
        try:
            return await asyncio.to_thread(
                renew_claim, self._db, feed.id, self._owner, utcnow(), self._lease
            )
        except SQLAlchemyError:
            log.exception("feed %s: renewing its claim failed; reading it anyway", feed.url)
            return True

    async def release_waiting(self) -> None:
        """Give back the feeds claimed but not read, when a poll ends early."""
        async with self._lock:
            waiting, self._waiting = self._waiting, []
        if self._owner is not None and waiting:
            ids = [feed.id for feed in waiting]
            try:
                await asyncio.to_thread(release_feeds, self._db, self._owner, ids)
            except SQLAlchemyError:
                log.exception("giving back %d unread feeds failed; their lease ends it", len(ids))


class Ingestor:
    """Polls the feeds into the database; one per process, safe to call on a schedule."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        http: httpx.AsyncClient,
        embedder: EmbedderLike,
        summarizer: StorySummarizer,
        model_executor: Executor,
        topic: Topic | None = None,
        owner: str | None = None,
        summary_executor: Executor | None = None,
        extractor: PageExtractor | None = None,
        summary_wait: float = SUMMARY_WAIT_SECONDS,
    ) -> None:
        """`summary_executor` runs story summaries (default: the model thread). Given its own
        thread, with a summarizer holding its own copy of the encoder, a slow summary never
        delays the relevance scoring of the next poll's articles. `extractor` (the caller's,
        who closes it) extracts article pages in its worker process (default: in a thread).
        `summary_wait`: see SUMMARY_WAIT_SECONDS."""
        self._settings = settings
        self._db = db
        self._embedder = embedder
        self._executor = model_executor
        self._summary_executor = summary_executor or model_executor
        self._topic: Topic = topic or load_topic(settings.topic_file)
        cluster = ClusterConfig(
            window=timedelta(hours=settings.story_window_hours),
            threshold=settings.story_similarity,
        )
        self._window = cluster.window
        # A claimed feed waits a couple of reads for its turn, then reads within its budget.
        self._lease = max(FEED_LEASE, timedelta(seconds=3 * settings.feed_budget_seconds))
        self._stories = StorySteps(
            db,
            self._topic.key,
            cluster,
            summarizer,
            self._summary_model,
            retag=ConflictTagger(self._topic),
        )
        self._reader = FeedReader(settings, db, http, self._stories, extractor)
        self._poll_lock = asyncio.Lock()
        self._runs = BackgroundRuns(self.summarize_dirty)
        self._summary_wait = summary_wait
        self._prune = DailyPrune(db, settings.retention)
        self._vectors: TopicVectors | None = None
        self._synced = False
        # Several ingest processes on one PostgreSQL share the feeds by claiming them.
        self._owner = owner

    @property
    def topic(self) -> Topic:
        return self._topic

    async def prepare(self) -> None:
        """Once per process: follow the configured feeds, embed the topic and load the
        relevance model (in the model thread), so a broken model file is reported at start-up
        rather than at the first poll."""
        if not self._synced:
            urls = self._settings.feed_urls()
            added, disabled = await asyncio.to_thread(sync_feeds, self._db, urls)
            if added or disabled:
                log.info(
                    "feeds synced from settings: %d added, %d no longer listed", added, disabled
                )
            self._synced = True
        if self._vectors is None:
            self._vectors = await self._model(embed_topic, self._embedder, self._topic)

    async def poll_once(
        self,
        progress: Callable[[FeedReport], None] | None = None,
        *,
        ignore_backoff: bool = False,
        summarize: bool = False,
    ) -> IngestReport:
        """Poll every due feed once and place its new articles in stories; summarizing them
        is the caller's next step (`summarize_dirty`, or `summarize_in_background`). With
        `summarize` (the schedulers), a poll still running `summary_wait` after its first
        news was placed starts a background summary run itself. A call while another poll
        runs returns an empty report; a summary run never holds it up."""
        if self._poll_lock.locked():
            log.debug("a poll is still running; skipping this one")
            return IngestReport()
        async with self._poll_lock:
            return await self._poll(progress, ignore_backoff, summarize)

    async def _poll(
        self,
        progress: Callable[[FeedReport], None] | None,
        ignore_backoff: bool,
        summarize: bool,
    ) -> IngestReport:
        await self.prepare()
        report = IngestReport()
        await self._resume(report)
        taken: list[FeedState] = []
        claims = _FeedClaims(self._db, self._owner, ignore_backoff, self._lease)
        early: asyncio.TimerHandle | None = None  # the summary run started before the poll ends

        async def run() -> None:
            nonlocal early
            while (feed := await claims.next()) is not None:
                taken.append(feed)
                if not await claims.still_mine(feed):
                    log.warning("feed %s: its claim ran out and a peer took it", feed.url)
                    continue
                feed_report, story_ids = await self._reader.read(feed, self._score)
                report.feeds.append(feed_report)
                report.new_story_ids.extend(story_ids)
                if summarize and feed_report.on_topic and early is None:
                    loop = asyncio.get_running_loop()
                    early = loop.call_later(self._summary_wait, self.summarize_in_background)
                if progress is not None:
                    progress(feed_report)

        try:
            # A task group: if one reader fails, the others stop with it rather than read on
            # unlocked after the poll has returned.
            async with asyncio.TaskGroup() as readers:
                for _ in range(FEED_CONCURRENCY):
                    readers.create_task(run())
        finally:
            if early is not None:
                early.cancel()  # the poll is over: its caller starts the run now
            await claims.release_waiting()
        order = {feed.url: i for i, feed in enumerate(taken)}
        report.feeds.sort(key=lambda r: order.get(r.url, 0))
        return report

    async def _resume(self, report: IngestReport) -> None:
        """Finish what a crash interrupted: place stored on-topic articles that have no story."""
        for article in await asyncio.to_thread(unplaced_articles, self._db):
            embedding = article.embedding
            if embedding is None:
                text = cluster_text(article.title, article.text)
                embedding = (await self._model(self._embedder.embed, [text]))[0]
            conflicts = self._conflicts(article.title, article.text)
            old = dated_before_window(article.published_at, article.fetched_at, self._window)
            pushable = article.pushable and not old  # as the poll that stored it would have
            story_id, created = await self._stories.place(
                article, embedding, pushable=pushable, conflicts=conflicts
            )
            report.resumed += 1
            if created and pushable:
                report.new_story_ids.append(story_id)
        if report.resumed:
            log.warning("placed %d articles a stop had left without a story", report.resumed)

    async def _model(self, func: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(func, *args))

    async def _summary_model(self, func: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._summary_executor, partial(func, *args))

    async def _score(self, title: str, text: str) -> Relevance:
        return await self._model(
            score_article, self._embedder, self._topic, self._vectors, title, text
        )

    def _conflicts(self, title: str, text: str) -> tuple[str, ...]:
        return tag_conflicts(self._topic, title, text)

    async def summarize_dirty(self) -> int:
        """Write a new revision for every story whose articles changed; how many were written.

        Holds neither the placement lock nor the poll lock, only its own: polls go on while it
        runs, and a call made during another run waits for it and then runs, so the stories
        dirty when it was called are summarized when it returns (a stop's leftovers included;
        at most `dirty_stories`' limit a run, the rest wait for the next).
        """
        return await self._stories.summarize_dirty()

    def summarize_in_background(self) -> asyncio.Task[None]:
        """Start a summary run in its own task so a scheduled poll returns at once; during a
        run, ask for one more after it (the poll may have dirtied stories the run had listed)."""
        return self._runs.start()

    def prune_in_background(self) -> None:
        """Once a day, delete the stories past RETENTION_DAYS in a task of its own
        (`bot.ingest.daily_prune`); the scheduled polls call this, `ingest --once` does not."""
        self._prune.start_if_due()

    async def aclose(self) -> None:
        """Stop a background summary run; the stories it had not finished stay dirty, so the
        next run (after a restart too) takes them up. A prune stops after its batch."""
        await self._runs.aclose()
        await self._prune.aclose()
