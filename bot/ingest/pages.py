"""Read an article page: fetch it through the guarded fetcher, then extract its text and title.

The one way the bot opens a web page, for ingestion's full texts and for /summary alike, so
both get the same address checks, size and time caps and the same extraction settings.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot.ingest.extract import extract_text
from bot.net import UrlGuard, fetch
from config import Settings

__all__ = ["PAGE_TYPES", "Page", "PageReader"]

PAGE_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True)
class Page:
    """A page's final URL (after redirects), its title and article text ("" when none)."""

    url: str
    title: str
    text: str


def _extract(html: str, url: str) -> tuple[str, str]:
    import trafilatura

    text = extract_text(html, url)
    meta = trafilatura.extract_metadata(html, default_url=url) if text else None
    title = (getattr(meta, "title", None) or "") if meta is not None else ""
    return text, str(title)


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
    ) -> None:
        self._http = http
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._guard = guard
        self._headers = {"User-Agent": user_agent} if user_agent else None

    @classmethod
    def from_settings(cls, http: httpx.AsyncClient, settings: Settings) -> PageReader:
        return cls(
            http,
            max_bytes=settings.fetch_max_bytes,
            timeout=settings.fetch_timeout_seconds,
            guard=UrlGuard(settings.fetch_allowed_hosts),
            user_agent=settings.user_agent,
        )

    async def read(self, url: str) -> Page:
        """The page at `url`; extraction runs in a worker thread, never on the event loop."""
        page = await fetch(
            self._http,
            url,
            max_bytes=self._max_bytes,
            timeout=self._timeout,
            headers=self._headers,
            guard=self._guard,
            accept=lambda content_type: content_type in PAGE_TYPES,
        )
        text, title = await asyncio.to_thread(_extract, page.text(), page.url)
        return Page(page.url, title, text)
