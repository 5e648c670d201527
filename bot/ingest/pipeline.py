"""One poll: every due feed -> new entries -> full text -> relevance -> stories -> key points.

Feeds are fetched concurrently (a few at a time); what follows for each new entry (storing,
scoring, clustering, summarizing) is serialised by one lock, so two outlets reporting the same
development in the same poll still end up in one story. Parsing and extraction run in worker
threads, embeddings and summaries in the model executor: the event loop only waits.

A feed that fails (HTTP error, timeout, too big, not a feed...) is marked unhealthy with the
reason and backed off; it never raises out of `poll_once` and never deletes what is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from bot.ingest.dedup import (
    StoryCandidate,
    canonical_url,
    choose_story,
    content_hash,
    is_better_source,
)
from bot.ingest.extract import extract_text, needs_full_text
from bot.ingest.parse import FeedEntry, FeedParseError, parse_feed
from bot.ingest.relevance import (
    EmbedderLike,
    Relevance,
    TopicVectors,
    embed_topic,
    score_article,
)
from bot.ingest.topic import Topic, load_topic
from bot.net import FetchError, UrlGuard, fetch
from bot.storage.db import Database
from bot.storage.feeds import FeedState, due_feeds, record_failure, record_success, sync_feeds
from bot.storage.models import utcnow
from bot.storage.stories import (
    NewArticle,
    add_article,
    attach_article,
    create_story,
    known_article,
    recent_stories,
)
from config import Settings

if TYPE_CHECKING:
    from summarizer import Summarizer

__all__ = ["FeedReport", "IngestReport", "Ingestor"]

log = logging.getLogger(__name__)
T = TypeVar("T")

FEED_CONCURRENCY = 4
MAX_ENTRIES_PER_POLL = 60
PAGE_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class FeedReport:
    """One feed's share of a poll; `error` is the reason it failed, None when it was read."""

    url: str
    title: str | None
    new: int = 0
    on_topic: int = 0
    stories: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    """A poll's outcome; `new_story_ids` lists the new stories that may be pushed."""

    feeds: list[FeedReport] = field(default_factory=list)
    new_story_ids: list[int] = field(default_factory=list)


class Ingestor:
    """Polls the feeds into the database; one per process, safe to call on a schedule."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        http: httpx.AsyncClient,
        embedder: EmbedderLike,
        summarizer: Summarizer,
        model_executor: Executor,
        topic: Topic | None = None,
    ) -> None:
        self._settings = settings
        self._db = db
        self._http = http
        self._embedder = embedder
        self._summarizer = summarizer
        self._executor = model_executor
        self._topic: Topic = topic or load_topic(settings.topic_file)
        self._threshold = settings.relevance_threshold  # None: the model file's own
        self._guard = UrlGuard(settings.fetch_allowed_hosts)
        self._interval = timedelta(seconds=settings.poll_interval_seconds)
        self._window = timedelta(hours=settings.story_window_hours)
        self._poll_lock = asyncio.Lock()
        self._story_lock = asyncio.Lock()
        self._vectors: TopicVectors | None = None
        self._synced = False

    @property
    def topic(self) -> Topic:
        return self._topic

    async def poll_once(
        self,
        progress: Callable[[FeedReport], None] | None = None,
        *,
        ignore_backoff: bool = False,
    ) -> IngestReport:
        """Poll every due feed once. A call while another runs returns an empty report."""
        if self._poll_lock.locked():
            log.info("a poll is still running; skipping this one")
            return IngestReport()
        async with self._poll_lock:
            return await self._poll(progress, ignore_backoff)

    async def _poll(
        self, progress: Callable[[FeedReport], None] | None, ignore_backoff: bool
    ) -> IngestReport:
        if not self._synced:
            added = await asyncio.to_thread(sync_feeds, self._db, self._settings.feed_urls())
            log.info("feeds synced from settings (%d new)", added)
            self._synced = True
        if self._vectors is None:
            self._vectors = await self._model(embed_topic, self._embedder, self._topic)
        feeds = await asyncio.to_thread(due_feeds, self._db, utcnow(), ignore_backoff)
        limit = asyncio.Semaphore(FEED_CONCURRENCY)
        report = IngestReport()

        async def run(feed: FeedState) -> None:
            async with limit:
                feed_report, story_ids = await self._poll_feed_safely(feed)
            report.feeds.append(feed_report)
            report.new_story_ids.extend(story_ids)
            if progress is not None:
                progress(feed_report)

        await asyncio.gather(*(run(feed) for feed in feeds))
        order = {feed.url: i for i, feed in enumerate(feeds)}
        report.feeds.sort(key=lambda r: order.get(r.url, 0))
        return report

    async def _model(self, func: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(func, *args))

    async def _poll_feed_safely(self, feed: FeedState) -> tuple[FeedReport, list[int]]:
        report = FeedReport(url=feed.url, title=feed.title)
        story_ids: list[int] = []
        try:
            await self._poll_feed(feed, report, story_ids)
        except (FetchError, FeedParseError) as exc:
            report.error = str(exc)
        except Exception as exc:  # one feed's bug must not stop the others
            log.exception("polling %s failed", feed.url)
            report.error = f"internal error ({type(exc).__name__})"
        if report.error is not None:
            log.warning("feed %s failed: %s", feed.url, report.error)
            try:
                await asyncio.to_thread(
                    record_failure, self._db, feed.id, report.error, self._interval
                )
            except Exception:
                log.exception("could not record the failure of %s", feed.url)
        return report, story_ids

    async def _poll_feed(self, feed: FeedState, report: FeedReport, story_ids: list[int]) -> None:
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
                   "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}  # fmt: skip
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        result = await fetch(
            self._http,
            feed.url,
            max_bytes=self._settings.fetch_max_bytes,
            timeout=self._settings.fetch_timeout_seconds,
            headers=headers,
            guard=self._guard,
        )
        if result.not_modified:
            await asyncio.to_thread(record_success, self._db, feed.id)
            return
        parsed = await asyncio.to_thread(parse_feed, result.content, result.content_type)
        report.title = parsed.title or feed.title
        for entry in parsed.entries[:MAX_ENTRIES_PER_POLL]:
            await self._ingest_entry(feed, entry, report, story_ids)
        await asyncio.to_thread(
            partial(
                record_success,
                self._db,
                feed.id,
                title=parsed.title,
                etag=result.headers.get("etag"),
                last_modified=result.headers.get("last-modified"),
            )
        )

    async def _ingest_entry(
        self, feed: FeedState, entry: FeedEntry, report: FeedReport, story_ids: list[int]
    ) -> None:
        if not entry.link.startswith(("http://", "https://")):
            return  # nothing to link subscribers to
        canonical = canonical_url(entry.link)
        if await asyncio.to_thread(self._seen, feed.id, entry.guid, canonical):
            return
        text = entry.content if len(entry.content) >= len(entry.summary) else entry.summary
        url = entry.link
        if needs_full_text(text):
            page_text, url = await self._full_text(entry.link)
            if len(page_text) > len(text):
                text = page_text
        title = entry.title or text[:120]
        relevance: Relevance = await self._model(
            score_article, self._embedder, self._topic, self._vectors, title, text
        )
        on_topic = relevance.keep(self._threshold)
        article = NewArticle(
            feed_id=feed.id,
            url=url,
            canonical_url=canonical,
            guid=entry.guid or None,
            title=title,
            text=text,
            content_hash=content_hash(title, text),
            published_at=entry.published,
            relevance=relevance.score,
            on_topic=on_topic,
        )
        async with self._story_lock:
            article_id = await asyncio.to_thread(add_article, self._db, article)
            if article_id is None:
                return
            report.new += 1
            if not on_topic or relevance.embedding is None:
                return
            report.on_topic += 1
            # Seen-time, not the feed's date: feeds lie about dates, and outlets report the
            # same development within hours of each other as we see it.
            story_id = await self._place_in_story(
                article, article_id, relevance, utcnow(), pushable=not feed.first_poll
            )
            if story_id is not None:
                report.stories += 1
                if not feed.first_poll:
                    story_ids.append(story_id)

    def _seen(self, feed_id: int, guid: str, canonical: str) -> bool:
        with self._db.session() as session:
            return known_article(session, feed_id, guid or None, canonical, None)

    async def _full_text(self, link: str) -> tuple[str, str]:
        """The page's extracted text and final URL; ("", link) if the page cannot be read."""
        try:
            page = await fetch(
                self._http,
                link,
                max_bytes=self._settings.fetch_max_bytes,
                timeout=self._settings.fetch_timeout_seconds,
                guard=self._guard,
                accept=lambda content_type: content_type in PAGE_TYPES,
            )
        except FetchError as exc:
            log.info("could not fetch %s for its full text: %s", link, exc)
            return "", link
        text = await asyncio.to_thread(extract_text, page.text(), page.url)
        return text, page.url

    async def _place_in_story(
        self,
        article: NewArticle,
        article_id: int,
        relevance: Relevance,
        published: datetime,
        *,
        pushable: bool,
    ) -> int | None:
        """Join the closest recent story, or start one. Returns the id of a NEW story only."""
        assert relevance.embedding is not None
        since = utcnow() - self._window
        recent = await asyncio.to_thread(recent_stories, self._db, self._topic.key, since)
        candidates = [StoryCandidate(s.id, s.title, s.embedding, s.updated_at) for s in recent]
        match = choose_story(
            relevance.embedding,
            article.title,
            published,
            candidates,
            self._settings.story_similarity,
            self._window,
        )
        if match is not None:
            current = next(s for s in recent if s.id == match)
            better = is_better_source(article.text, "x" * current.best_text_length)
            await asyncio.to_thread(attach_article, self._db, match, article_id, best=better)
            return None
        key_points, backend = await self._summarize(article)
        return await asyncio.to_thread(
            partial(
                create_story,
                self._db,
                topic=self._topic.key,
                article_id=article_id,
                title=article.title,
                embedding=relevance.embedding,
                pushable=pushable,
                key_points=key_points,
                summary_backend=backend,
            )
        )

    async def _summarize(
        self, article: NewArticle
    ) -> tuple[list[tuple[str, tuple[str, ...]]], str | None]:
        from summarizer import Article as SummaryInput

        try:
            summary = await self._model(
                self._summarizer.summarize,
                SummaryInput(text=article.text, title=article.title, url=article.url),
            )
        except Exception as exc:  # a story without key points still shows its sources
            log.warning("could not summarize %s: %s", article.url, exc)
            return [], None
        points = [(kp.text, tuple(kp.evidence)) for kp in summary.key_points]
        return points, str(summary.backend)
