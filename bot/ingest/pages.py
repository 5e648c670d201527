"""Read an article page: fetch it through the guarded fetcher, then extract its text and title.

The one way the bot opens a web page, for ingestion's full texts and for /summary alike, so
both get the same address checks, size and time caps and the same extraction settings.
Decoding the body to text and extraction run together in the bot's worker process
(bot.ingest.extractor) when given one, else in a thread (one-shot tools, tests): never on the
event loop, where charset detection on a big page would stall every chat. A page whose
extraction fails there reads as a page without an article, as one trafilatura finds nothing in.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx

from bot.ingest.extract import extract_page
from bot.ingest.extractor import ExtractionFailed, PageExtractor, read_body
from bot.ingest.turns import Priority
from bot.net import UrlGuard, fetch
from config import Settings

__all__ = ["PAGE_TYPES", "Page", "PageReader"]

log = logging.getLogger(__name__)

PAGE_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True)
class Page:
    """A page's final URL (after redirects), its title and article text ("" when none).

    `failure` says why extraction gave up ("" when it ran): /summary tells a reader that the
    page took too long to read rather than that it holds no article."""

    url: str
    title: str
    text: str
    failure: str = ""


class PageReader:
    """Fetches and extracts pages; raises bot.net.FetchError when a page cannot be had."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        max_bytes: int,
        timeout: float,
        guard: UrlGuard,
        user_agent: str | None = None,
        extractor: PageExtractor | None = None,
        priority: Priority = Priority.BACKGROUND,
    ) -> None:
        """`priority` orders this reader's pages at the extraction worker (a user waiting in
        chat: INTERACTIVE); pages extracted in a thread need no turn."""
        self._http = http
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._guard = guard
        self._headers = {"User-Agent": user_agent} if user_agent else None
        self._extractor = extractor
        self._priority = priority

    @classmethod
    def from_settings(
        cls,
        http: httpx.AsyncClient,
        settings: Settings,
        extractor: PageExtractor | None = None,
        priority: Priority = Priority.BACKGROUND,
    ) -> PageReader:
        return cls(
            http,
            max_bytes=settings.fetch_max_bytes,
            timeout=settings.fetch_timeout_seconds,
            guard=UrlGuard(settings.fetch_allowed_hosts),
            user_agent=settings.user_agent,
            extractor=extractor,
            priority=priority,
        )

    async def read(self, url: str) -> Page:
        """The page at `url`; neither decoding nor extraction runs on the event loop."""
        page = await fetch(
            self._http,
            url,
            max_bytes=self._max_bytes,
            timeout=self._timeout,
            headers=self._headers,
            guard=self._guard,
            accept=lambda content_type: content_type in PAGE_TYPES,
        )
        content_type = str(page.headers.get("content-type", ""))
        if self._extractor is None:
            text, title = await asyncio.to_thread(
                read_body, extract_page, page.content, content_type, page.url
            )
            return Page(page.url, title, text)
        try:
            text, title = await self._extractor.extract_body(
                page.content, content_type, page.url, priority=self._priority
            )
        except ExtractionFailed as exc:
            size = len(page.content)
            log.warning("extraction failed for %s (%d bytes): %s", page.url, size, exc)
            return Page(page.url, "", "", failure=str(exc))
        return Page(page.url, title, text)
