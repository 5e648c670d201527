"""A reader's /summary shares the extraction worker with ingestion, and goes before its pages."""

from __future__ import annotations

import asyncio

from bot.context import BotApp
from bot.ingest.extractor import PageExtractor
from bot.services import Services
from tests.bot.test_summary_links import PAGE, ask, typed
from tests.ingest.extraction_work import PAUSE_MARK, extract_here
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer

BIG_PAGE = PAGE.replace(b"<body>", f"<body>{PAUSE_MARK}".encode())


async def test_a_summary_is_read_right_after_the_page_under_way_not_after_the_whole_poll(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    """A poll has four big pages at the worker (one per feed it reads at once, a second
    each) when a user asks for a summary: the user waits for the page under way, not for all
    four; the poll's pages are read after it."""
    extractor = services.extractor = PageExtractor(timeout=30, work=extract_here)
    await extractor.start()
    read: list[str] = []

    async def ingest(name: str) -> None:
        await extractor.extract_body(BIG_PAGE, "text/html", name)
        read.append(name)

    poll = [asyncio.create_task(ingest(f"feed page {n}")) for n in range(1, 5)]
    await asyncio.sleep(0)  # the first is under way, the other three wait
    with NewsSite() as site:
        url = site.route("/talks", Route(body=PAGE))
        answer = await ask(app, server, typed(app.bot, 71, f"/summary {url}"))
    read_before_the_answer = list(read)
    await asyncio.wait_for(asyncio.gather(*poll), 30)
    assert "Istanbul" in answer
    assert read_before_the_answer == ["feed page 1"]
    assert read == ["feed page 1", "feed page 2", "feed page 3", "feed page 4"]
