"""Two ingest processes polling one database at once split the feeds: every feed is read once,
and neither waits idle while the other holds every feed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.ingest import pipeline
from bot.ingest.pipeline import CLAIM_BATCH, Ingestor
from bot.storage.models import Feed
from tests.fakes import HashingEmbedder
from tests.ingest.conftest import make_settings
from tests.ingest.feeds import ELECTION
from tests.ingest.site import serve_feed, serve_story


async def test_two_ingesters_polling_at_once_read_each_feed_once_between_them(
    site, database, http, executor, summarizer, tmp_path
) -> None:
    paths = [f"/outlet{n}.xml" for n in range(CLAIM_BATCH + 4)]
    feeds = []
    for n, path in enumerate(paths):
        item = serve_story(site, f"/outlet{n}/news", f"Library {n} opens", ELECTION)
        feeds.append(serve_feed(site, path, f"Outlet {n}", [item], delay=0.2))
    settings = make_settings(tmp_path, site, feeds)

    def process(owner: str) -> Ingestor:
        embedder = HashingEmbedder(384)
        return Ingestor(settings, database, http, embedder, summarizer, executor, owner=owner)

    first, second = process("host:ingest:1"), process("host:ingest:2")
    await first.prepare()
    await second.prepare()

    reports = await asyncio.gather(first.poll_once(), second.poll_once())

    read = [f.url for report in reports for f in report.feeds]
    assert sorted(read) == sorted(feeds)  # each feed read, and by one of them only
    assert [len(site.requests_to(path)) for path in paths] == [1] * len(paths)
    assert all(report.feeds for report in reports)  # the second did not find them all taken


def locked() -> OperationalError:
    return OperationalError("UPDATE feeds", {}, Exception("database is locked"))


def six_slow_feeds(site) -> tuple[list[str], list[str]]:
    paths = [f"/outlet{n}.xml" for n in range(6)]
    feeds = []
    for n, path in enumerate(paths):
        item = serve_story(site, f"/outlet{n}/news", f"Library {n} opens", ELECTION)
        feeds.append(serve_feed(site, path, f"Outlet {n}", [item], delay=0.2))
    return paths, feeds


async def test_a_lock_timeout_renewing_one_claim_still_reads_every_feed_once(
    site, database, http, executor, summarizer, tmp_path, monkeypatch
) -> None:
    paths, feeds = six_slow_feeds(site)
    ingestor = Ingestor(
        make_settings(tmp_path, site, feeds), database, http, HashingEmbedder(384),
        summarizer, executor, owner="host:ingest:1",
    )  # fmt: skip
    real, calls = pipeline.renew_claim, []

    def flaky(*args: Any, **kwargs: Any) -> bool:
        calls.append(args)
        if len(calls) == 5:
            raise locked()
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "renew_claim", flaky)

    report = await ingestor.poll_once()

    assert len(report.feeds) == len(feeds)
    assert [len(site.requests_to(path)) for path in paths] == [1] * len(paths)


async def test_a_poll_that_fails_stops_all_its_readers_and_gives_back_unread_feeds(
    site, database, http, executor, summarizer, tmp_path
) -> None:
    paths, feeds = six_slow_feeds(site)
    ingestor = Ingestor(
        make_settings(tmp_path, site, feeds), database, http, HashingEmbedder(384),
        summarizer, executor, owner="host:ingest:1",
    )  # fmt: skip

    def broken_progress(report: Any) -> None:
        raise RuntimeError("progress display broke")

    with pytest.raises(ExceptionGroup):
        await ingestor.poll_once(broken_progress)
    requested = [len(site.requests_to(path)) for path in paths]
    await asyncio.sleep(0.6)

    assert [len(site.requests_to(path)) for path in paths] == requested  # nobody reads on
    with database.session() as session:
        claimed = session.scalars(select(Feed.url).where(Feed.claimed_by.is_not(None))).all()
    unread = [feed for feed, count in zip(feeds, requested, strict=True) if count == 0]
    assert unread  # the poll ended before reading them ...
    assert not set(unread) & set(claimed)  # ... and gave them back to any peer
