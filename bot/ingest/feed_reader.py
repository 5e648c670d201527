"""Reading one feed: fetch it, pick the entries to read, and store each new one scored and placed
in its story.

A feed reads within its own time budget; whatever goes wrong (HTTP error, timeout, too big, not a
feed, a bug) is written down as the feed's failure, which backs it off, and never raises, so one
feed never stops the others. An entry that fails on its own is skipped and counted; the feed's
other news is still read, and the skipped entry again by the next poll (as are those the
per-poll cap put off: a poll that leaves any unread keeps no validators, so the next one is
not answered 304).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import httpx

from bot.ingest.cluster import dated_before_window
from bot.ingest.corrections import entry_fingerprint, only_redated, still_followed
from bot.ingest.dedup import MAX_URL, canonical_url, content_hash, usable_link
from bot.ingest.entries import entries_to_read
from bot.ingest.extract import needs_full_text
from bot.ingest.extractor import PageExtractor
from bot.ingest.pages import PageReader
from bot.ingest.parse import FeedEntry, FeedParseError, parse_feed
from bot.ingest.relevance import Relevance
from bot.ingest.story_steps import StorySteps
from bot.net import FetchError, UrlGuard, fetch
from bot.storage.corrections import StoredEntry, record_fingerprint, stored_entry
from bot.storage.db import Database
from bot.storage.feeds import FeedState, record_failure, record_success
from bot.storage.models import utcnow
from bot.storage.seen import known_entries
from bot.storage.story_writes import NewArticle, StoredArticle, add_article
from config import Settings

__all__ = ["FeedReader", "FeedReport", "Scorer"]

log = logging.getLogger(__name__)

Scorer = Callable[[str, str], Awaitable[Relevance]]
"""Rates an entry's title and text for the topic (in the model thread, never on the loop)."""


MAX_REREADS_PER_POLL = 3
"""Stored items a poll reads again per feed, of which at most one whose listing changed only
its "updated" time: a feed that re-dates every item on each build would otherwise fetch all
its pages on every poll, within the budget its news needs, and crowd out the items whose
words changed."""


@dataclass
class FeedReport:
    """One feed's share of a poll; `error` is the reason it failed, None when it was read."""

    url: str
    title: str | None
    new: int = 0
    on_topic: int = 0
    stories: int = 0
    skipped: int = 0
    """Entries that failed on their own (logged); the feed's other news was read."""
    unlinked: int = 0
    """Entries without a usable web link, even resolved against the feed's URL (logged): not
    read, as there is no page to send readers to; a feed with only such entries is marked so
    (shown on /sources as a problem, not backed off)."""
    reread: int = 0
    """Stored items read again because the feed lists them changed (at most
    MAX_REREADS_PER_POLL)."""
    redated_reread: bool = False
    """Whether one of them changed only its "updated" time (one such a poll)."""
    corrected: int = 0
    """Of those, the ones whose text had changed: corrections saved."""
    error: str | None = None


class FeedReader:
    """Reads one feed at a time into stored, scored articles placed in stories."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        http: httpx.AsyncClient,
        stories: StorySteps,
        extractor: PageExtractor | None = None,
    ) -> None:
        """`stories` places an on-topic article in its story; an entry dated before the story
        window (STORY_WINDOW_HOURS, the one stories cluster by) is stored but never pushed.
        `extractor` runs page extraction in its worker process (None: in a thread)."""
        self._settings = settings
        self._db = db
        self._http = http
        self._stories = stories
        self._window = timedelta(hours=settings.story_window_hours)
        self._guard = UrlGuard(settings.fetch_allowed_hosts)
        self._pages = PageReader.from_settings(http, settings, extractor)

    async def read(self, feed: FeedState, score: Scorer) -> tuple[FeedReport, list[int]]:
        """The feed's report and the new stories it started that may be pushed; `score` rates
        each new entry for the topic."""
        report = FeedReport(url=feed.url, title=feed.title)
        story_ids: list[int] = []
        budget = self._settings.feed_budget_seconds
        try:
            async with asyncio.timeout(budget):
                await self._read(feed, score, report, story_ids)
        except TimeoutError:
            report.error = f"took longer than its {budget:g} s budget; the rest waits"
        except (FetchError, FeedParseError) as exc:
            report.error = str(exc)
        except Exception as exc:  # one feed's bug must not stop the others
            log.exception("polling %s failed", feed.url)
            report.error = f"internal error ({type(exc).__name__})"
        if report.error is not None:
            log.warning("feed %s failed: %s", feed.url, report.error)
            try:
                backoff = timedelta(seconds=self._settings.poll_interval_seconds)
                await asyncio.to_thread(record_failure, self._db, feed.id, report.error, backoff)
            except Exception:
                log.exception("could not record the failure of %s", feed.url)
        return report, story_ids

    async def _read(
        self, feed: FeedState, score: Scorer, report: FeedReport, story_ids: list[int]
    ) -> None:
        result = await fetch(
            self._http,
            feed.url,
            max_bytes=self._settings.fetch_max_bytes,
            timeout=self._settings.fetch_timeout_seconds,
            headers=_listing_headers(feed),
            guard=self._guard,
        )
        if result.not_modified:
            await asyncio.to_thread(record_success, self._db, feed.id)
            return
        content_type = result.headers.get("content-type", result.content_type)
        parsed = await asyncio.to_thread(parse_feed, result.content, content_type, result.url)
        report.title = parsed.title or feed.title
        unlinked = [e for e in parsed.entries if not usable_link(e.link)]
        if unlinked:
            report.unlinked = len(unlinked)
            _log_unlinked(feed, unlinked)
        entries, left_out = await self._entries_to_read(feed, parsed.entries)
        for entry in entries:
            try:
                await self._ingest_entry(feed, entry, score, report, story_ids)
            except Exception:  # one item's fault must not fail its feed's other news
                log.exception("skipped an entry of %s: %s", feed.url, entry.link[:200])
                report.skipped += 1
        # A first listing is backlog until read through, or until a poll stores nothing: what
        # is left then are copies of stored reports under other links, never stored, and
        # waiting for them would keep the feed from ever pushing. An outlet publishing between
        # polls gives every poll something to store, so record_success also ends it once later
        # polls have taken up as many entries as the first left (`read` counts down `unread`).
        backlog_read = left_out == 0 or (report.new == 0 and report.skipped == 0)
        await asyncio.to_thread(
            partial(
                record_success,
                self._db,
                feed.id,
                title=parsed.title,
                etag=result.headers.get("etag"),
                last_modified=result.headers.get("last-modified"),
                left_unread=left_out > 0 or report.skipped > 0,
                backlog_read=backlog_read,
                read=len(entries) - report.skipped,
                unread=left_out + report.skipped,
                # Only a listing with no linked item at all is a problem: a feed where some
                # items lack a link is healthy, its other news is read.
                links_missing=bool(parsed.entries) and len(unlinked) == len(parsed.entries),
            )
        )

    async def _entries_to_read(
        self, feed: FeedState, listed: Sequence[FeedEntry]
    ) -> tuple[list[FeedEntry], int]:
        """The newest entries not stored yet, at most MAX_ENTRIES_PER_POLL, and how many new
        ones are left for the next polls."""
        cap = self._settings.max_entries_per_poll
        known = None
        if len(listed) > cap:  # else every entry is read anyway
            guids = [e.guid for e in listed]
            urls = [canonical_url(e.link) for e in listed if usable_link(e.link)]
            known = await asyncio.to_thread(known_entries, self._db, feed.id, guids, urls)
        entries, left_out = entries_to_read(listed, cap, known)
        if left_out:
            log.info(
                "feed %s has %d new entries: reading the newest %d, the rest next polls "
                "(MAX_ENTRIES_PER_POLL)",
                feed.url,
                len(entries) + left_out,
                len(entries),
            )
        return entries, left_out

    async def _ingest_entry(
        self,
        feed: FeedState,
        entry: FeedEntry,
        score: Scorer,
        report: FeedReport,
        story_ids: list[int],
    ) -> None:
        if not usable_link(entry.link):
            return  # nothing to link subscribers to
        canonical = canonical_url(entry.link)
        listed_before = await asyncio.to_thread(
            stored_entry, self._db, feed.id, entry.guid or None, canonical
        )
        if listed_before is not None:
            await self._recheck(feed, entry, listed_before, report)
            return
        text, url, _ = await self._entry_text(entry)
        title = entry.title or text[:120]
        relevance = await score(title, text)
        threshold = self._settings.relevance_threshold  # None: the model's own
        on_topic = relevance.keep(threshold)
        # A near miss is stored off topic with its text and embedding: it joins a story
        # clustering puts it in, now or when one starts (`StorySteps.join`), never its own.
        near_miss = relevance.near_miss(threshold, self._settings.relevance_join_threshold)
        may_join = on_topic or near_miss
        # The scorer's first passage is cluster_text: its embedding serves clustering too.
        embedding = relevance.embedding if may_join else None
        conflicts = relevance.conflicts if may_join else ()
        article = NewArticle(
            feed_id=feed.id,
            url=url,
            canonical_url=canonical,
            guid=entry.guid if entry.guid and len(entry.guid) <= MAX_URL else None,
            title=title,
            text=text,
            content_hash=content_hash(title, text),
            entry_fingerprint=entry_fingerprint(entry),
            published_at=entry.published,
            relevance=relevance.score,
            on_topic=on_topic,
            embedding=embedding,
            outlet=entry.source or None,
        )
        article_id = await asyncio.to_thread(add_article, self._db, article)
        if article_id is None:
            return
        report.new += 1
        if embedding is None:
            return
        now = utcnow()
        # A feed's first poll is backlog, and so are the polls that read the rest of a first
        # listing longer than the cap; so is an item that came out before the story window,
        # read late (a long feed's older entries on later polls, an old item newly listed).
        old = dated_before_window(entry.published, now, self._window)
        pushable = not feed.first_poll and not old
        stored = StoredArticle(
            id=article_id,
            title=title,
            text=text,
            published_at=entry.published,
            fetched_at=now,
            embedding=embedding,
            pushable=pushable,
        )
        if near_miss:
            joined = await self._stories.join(
                stored, embedding, pushable=pushable, conflicts=conflicts
            )
            report.on_topic += joined is not None
            return
        report.on_topic += 1
        story_id, created = await self._stories.place(
            stored, embedding, pushable=pushable, conflicts=conflicts
        )
        if created:
            report.stories += 1
            if pushable:
                story_ids.append(story_id)

    async def _entry_text(self, entry: FeedEntry) -> tuple[str, str, bool]:
        """The item's text (the page's when the feed carries an excerpt), the page's final
        URL, and whether the page was read when it had to be."""
        text = entry.content if len(entry.content) >= len(entry.summary) else entry.summary
        if not needs_full_text(text):
            return text, entry.link, True
        page_text, url = await self._full_text(entry.link)
        return (page_text, url, True) if len(page_text) > len(text) else (text, url, False)

    async def _recheck(
        self, feed: FeedState, entry: FeedEntry, stored: StoredEntry, report: FeedReport
    ) -> None:
        """An item stored before, listed again: if it changed in the feed while its story is
        followed, read it again and save a correction when its text changed. Its fingerprint
        is recorded once read (a page that could not be read is tried again next poll); an
        item no longer followed is not looked at, nor written to."""
        fingerprint = entry_fingerprint(entry)
        if stored.fingerprint == fingerprint or not still_followed(
            stored, feed.id, utcnow(), self._window
        ):
            return
        if entry.source and stored.outlet is None:
            # Stored before aggregators' items were read for their outlet, so its headline
            # and text were read by the rules before: that difference is no correction. The
            # item takes its outlet and this listing; a later change is one.
            await asyncio.to_thread(
                record_fingerprint, self._db, stored.article_id, fingerprint, entry.source
            )
            return
        if stored.fingerprint is not None:  # None: stored before fingerprints, listed as it was
            redated = only_redated(stored.fingerprint, fingerprint)
            if report.reread >= MAX_REREADS_PER_POLL or (redated and report.redated_reread):
                return  # the next poll reads it: its fingerprint is not recorded yet
            report.reread += 1
            report.redated_reread = report.redated_reread or redated
            text, _, complete = await self._entry_text(entry)
            if not complete:
                return
            title = entry.title or text[:120]
            digest = content_hash(title, text)
            if digest != stored.content_hash:
                story_id = await self._stories.correct(
                    stored.article_id,
                    title=title,
                    text=text,
                    content_hash=digest,
                    fingerprint=fingerprint,
                )
                report.corrected += 1
                log.info(
                    "feed %s: %s changed in place; story %s is summarized again",
                    feed.url,
                    entry.link[:200],
                    story_id,
                )
                return
        await asyncio.to_thread(record_fingerprint, self._db, stored.article_id, fingerprint)

    async def _full_text(self, link: str) -> tuple[str, str]:
        """The page's extracted text and final URL; ("", link) if the page cannot be read."""
        try:
            page = await self._pages.read(link)
        except FetchError as exc:
            log.info("could not fetch %s for its full text: %s", link, exc)
            return "", link
        return page.text, page.url


def _listing_headers(feed: FeedState) -> dict[str, str]:
    """Any feed format, and the validators of the last listing, so an unchanged feed costs a
    304 and no parsing."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}  # fmt: skip
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _log_unlinked(feed: FeedState, unlinked: Sequence[FeedEntry]) -> None:
    first = unlinked[0]
    example = repr(first.link[:200]) if first.link else f"{first.title[:200]!r}, no link"
    log.warning(
        "feed %s has %d entries without a web link to send readers to (such as %s): not read",
        feed.url,
        len(unlinked),
        example,
    )
