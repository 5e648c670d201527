"""Article pages are extracted in a worker process that a stuck page cannot hold."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal

import pytest
from sqlalchemy import select

from bot.ingest.extractor import ExtractionFailed, PageExtractor
from bot.ingest.pages import PageReader
from bot.ingest.pipeline import Ingestor
from bot.ingest.turns import Priority
from bot.net import UrlGuard
from bot.storage.models import Article
from tests.decoding_spy import watch_decoding
from tests.fakes import HashingEmbedder
from tests.ingest.conftest import make_settings
from tests.ingest.extraction_work import PAUSE_MARK, SLOW_MARK, extract_here
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B, CEASEFIRE_RU, Item, legacy_page, page
from tests.ingest.site import serve_feed, serve_story
from tests.servers.news_site import Route

ARTICLE = page("Cease-fire talks open in Geneva", CEASEFIRE).decode()
STUCK = ARTICLE.replace("<body>", f"<body>{SLOW_MARK}")
BIG = ARTICLE.replace("<body>", f"<body>{PAUSE_MARK}")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_a_page_is_extracted_with_its_title_in_another_process() -> None:
    async with PageExtractor(timeout=30) as extractor:
        text, title = await extractor.extract(ARTICLE, "https://news.example/talks")
    assert CEASEFIRE[0] in text
    assert "Copyright" not in text
    assert title == "Cease-fire talks open in Geneva"
    async with PageExtractor(timeout=30, work=extract_here) as extractor:
        _, worker = await extractor.extract(ARTICLE, "https://news.example/talks")
    assert int(worker) != os.getpid()


async def test_a_page_over_the_timeout_fails_and_a_fresh_worker_reads_the_next() -> None:
    async with PageExtractor(timeout=1.0, work=extract_here) as extractor:
        _, first = await extractor.extract(ARTICLE, "https://news.example/a")
        with pytest.raises(ExtractionFailed, match="longer than 1 s; its worker was stopped"):
            await extractor.extract(STUCK, "https://news.example/stuck")
        assert gone(int(first))
        text, second = await extractor.extract(ARTICLE, "https://news.example/b")
    assert second != first
    assert CEASEFIRE[0] in text


async def test_a_worker_killed_while_idle_is_replaced_for_the_next_page() -> None:
    async with PageExtractor(timeout=30, work=extract_here) as extractor:
        _, first = await extractor.extract(ARTICLE, "https://news.example/a")
        os.kill(int(first), signal.SIGKILL)  # the out-of-memory killer picks the idle worker
        await asyncio.sleep(1.0)  # the pool has seen its worker die: submitting now fails
        text, second = await extractor.extract(ARTICLE, "https://news.example/b")
    assert second != first
    assert CEASEFIRE[0] in text


async def test_a_page_nobody_waits_for_any_more_does_not_hold_the_worker() -> None:
    async with PageExtractor(timeout=60, work=extract_here) as extractor:
        _, first = await extractor.extract(ARTICLE, "https://news.example/a")
        with pytest.raises(TimeoutError):  # the feed's budget ran out during its page
            await asyncio.wait_for(extractor.extract(STUCK, "https://news.example/stuck"), 1.0)
        assert gone(int(first))
        text, second = await asyncio.wait_for(extractor.extract(ARTICLE, ""), 30)
    assert second != first
    assert CEASEFIRE[0] in text


async def test_a_reader_who_gives_up_waiting_leaves_the_worker_to_the_next_in_line() -> None:
    """A poll's pages wait behind a big one; one reader's /summary is dropped while it waits
    (the bot stops its request), another's is read next, and the feed pages after it, all by
    the same worker: a request that left the queue neither kills it nor holds a turn."""
    read: list[str] = []
    async with PageExtractor(timeout=30, work=extract_here) as extractor:

        async def reading(name: str, page: str, priority: Priority) -> str:
            _, worker = await extractor.extract(page, name, priority=priority)
            read.append(name)
            return worker

        feed = [
            asyncio.create_task(reading(name, page, Priority.BACKGROUND))
            for name, page in (("feed 1", BIG), ("feed 2", ARTICLE), ("feed 3", ARTICLE))
        ]
        await asyncio.sleep(0)  # feed 1 is under way, 2 and 3 wait
        dropped = asyncio.create_task(reading("reader 1", ARTICLE, Priority.INTERACTIVE))
        reader = asyncio.create_task(reading("reader 2", ARTICLE, Priority.INTERACTIVE))
        await asyncio.sleep(0)
        dropped.cancel()
        workers = await asyncio.wait_for(asyncio.gather(*feed, reader), 30)
    assert dropped.cancelled()
    assert read == ["feed 1", "reader 2", "feed 2", "feed 3"]
    assert len(set(workers)) == 1


async def test_a_turn_handed_to_a_reader_who_gave_up_that_moment_goes_to_the_next() -> None:
    """The page under way ends, the worker is handed to the waiting reader, and that reader's
    request is cancelled before it could start: the worker goes on to the next page rather
    than stay reserved for nobody (every later page would wait forever)."""
    read: list[str] = []
    async with PageExtractor(timeout=30, work=extract_here) as extractor:

        async def reading(name: str, page: str, priority: Priority) -> None:
            await extractor.extract(page, name, priority=priority)
            read.append(name)

        async def big_page_then_reader_gives_up() -> None:
            await reading("feed 1", BIG, Priority.BACKGROUND)
            dropped.cancel()  # its turn is handed over, its task not yet resumed

        under_way = asyncio.create_task(big_page_then_reader_gives_up())
        queued = asyncio.create_task(reading("feed 2", ARTICLE, Priority.BACKGROUND))
        await asyncio.sleep(0)
        dropped = asyncio.create_task(reading("reader", ARTICLE, Priority.INTERACTIVE))
        await asyncio.wait_for(asyncio.gather(under_way, queued), 30)
    assert dropped.cancelled()
    assert read == ["feed 1", "feed 2"]


async def test_closing_the_extractor_leaves_no_worker_process() -> None:
    # Children another test left shutting down are not this extractor's: compare with before.
    before = set(multiprocessing.active_children())
    extractor = PageExtractor(timeout=30, work=extract_here, workers=2)
    await extractor.start()
    _, worker = await extractor.extract(ARTICLE, "")
    await extractor.aclose()
    assert gone(int(worker))
    # Killed workers are reaped at once; a loaded machine may take a moment to show it.
    for _ in range(100):
        if set(multiprocessing.active_children()) <= before:
            break
        await asyncio.sleep(0.1)
    assert set(multiprocessing.active_children()) <= before
    with pytest.raises(ExtractionFailed, match="shut down"):
        await extractor.extract(ARTICLE, "")


async def test_a_stuck_page_reads_as_no_article_and_the_reason_is_logged(
    site, http, caplog
) -> None:
    url = site.route("/stuck", Route(body=STUCK.encode()))
    guard = UrlGuard([site.netloc])
    async with PageExtractor(timeout=1.0, work=extract_here) as extractor:
        reader = PageReader(http, max_bytes=1_000_000, timeout=5, guard=guard, extractor=extractor)
        with caplog.at_level(logging.WARNING, logger="bot.ingest.pages"):
            stuck = await reader.read(url)
        fine = await reader.read(site.route("/fine", Route(body=ARTICLE.encode())))
    assert (stuck.url, stuck.title, stuck.text) == (url, "", "")
    assert "longer than 1 s" in stuck.failure
    assert fine.failure == ""
    assert f"extraction failed for {url}" in caplog.text
    assert "longer than 1 s" in caplog.text
    assert CEASEFIRE[0] in fine.text


async def test_a_feed_entry_whose_page_is_stuck_keeps_its_own_text(
    site, http, database, executor, summarizer, tmp_path
) -> None:
    stuck_url = site.route("/a/stuck", Route(body=STUCK.encode()))
    stuck = Item(
        title="Cease-fire talks open in Geneva",
        link=stuck_url,
        description="Negotiators met in Geneva for cease-fire talks.",
        guid="stuck",
    )
    fine = serve_story(site, "/a/fine", "Prisoner exchange agreed at truce talks", CEASEFIRE_B)
    feed = serve_feed(site, "/a.xml", "Outlet A", [stuck, fine])
    settings = make_settings(tmp_path, site, [feed], feed_budget_seconds=60)
    async with PageExtractor(timeout=1.0, work=extract_here) as extractor:
        ingestor = Ingestor(
            settings, database, http, HashingEmbedder(384), summarizer, executor,
            extractor=extractor,
        )  # fmt: skip
        report = await ingestor.poll_once()
        await ingestor.aclose()
    assert [(f.new, f.skipped, f.error) for f in report.feeds] == [(2, 0, None)]
    with database.session() as session:
        texts = {url: text for url, text in session.execute(select(Article.url, Article.text))}
    assert texts[stuck_url] == "Negotiators met in Geneva for cease-fire talks."
    assert CEASEFIRE_B[0] in texts[fine.link]


async def test_a_page_in_an_undeclared_code_page_is_decoded_in_the_worker_not_the_bot(
    site, http, monkeypatch
) -> None:
    """Guessing a page's charset is slow on a big page: the worker does it, with the article."""
    body = legacy_page("Переговоры в Женеве", CEASEFIRE_RU)
    url = site.route("/ru/talks", Route(body=body, content_type="text/html"))
    guard = UrlGuard([site.netloc])
    decoded_here = watch_decoding(monkeypatch)
    async with PageExtractor(timeout=30) as extractor:
        reader = PageReader(http, max_bytes=1_000_000, timeout=5, guard=guard, extractor=extractor)
        read = await reader.read(url)
    assert CEASEFIRE_RU[1] in read.text
    assert read.title == "Переговоры в Женеве"
    assert decoded_here == []  # not in the bot's process at all


async def test_without_a_worker_a_page_is_decoded_in_the_extraction_thread(
    site, http, monkeypatch
) -> None:
    body = legacy_page("Переговоры в Женеве", CEASEFIRE_RU)
    url = site.route("/ru/talks", Route(body=body, content_type="text/html; charset=windows-1251"))
    reader = PageReader(http, max_bytes=1_000_000, timeout=5, guard=UrlGuard([site.netloc]))
    decoded_on_the_loop = watch_decoding(monkeypatch)
    read = await reader.read(url)
    assert CEASEFIRE_RU[0] in read.text
    assert decoded_on_the_loop == [False]
