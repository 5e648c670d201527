"""Two ingest processes polling one database at once split the feeds: every feed is read once,
and neither waits idle while the other holds every feed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
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


@pytest.fixture
def owned(database, http, executor, summarizer, site, tmp_path) -> Callable[..., Ingestor]:
    """An ingest process that claims its feeds as `owner`, as each of several would."""

    def build(feeds: list[str], owner: str) -> Ingestor:
        settings = make_settings(tmp_path, site, feeds)
        embedder = HashingEmbedder(384)
        return Ingestor(settings, database, http, embedder, summarizer, executor, owner=owner)

    return build


def slow_feeds(site, count: int) -> tuple[list[str], list[str]]:
    """`count` feeds of one story each, each answering after 0.2 s: (paths, feed URLs)."""
    paths = [f"/outlet{n}.xml" for n in range(count)]
    feeds = []
    for n, path in enumerate(paths):
        item = serve_story(site, f"/outlet{n}/news", f"Library {n} opens", ELECTION)
        feeds.append(serve_feed(site, path, f"Outlet {n}", [item], delay=0.2))
    return paths, feeds


async def test_two_ingesters_polling_at_once_read_each_feed_once_between_them(site, owned) -> None:
    paths, feeds = slow_feeds(site, CLAIM_BATCH + 4)
    first, second = owned(feeds, "host:ingest:1"), owned(feeds, "host:ingest:2")
    await first.prepare()
    await second.prepare()

    reports = await asyncio.gather(first.poll_once(), second.poll_once())

    read = [f.url for report in reports for f in report.feeds]
    assert sorted(read) == sorted(feeds)  # each feed read, and by one of them only
    assert [len(site.requests_to(path)) for path in paths] == [1] * len(paths)
    assert all(report.feeds for report in reports)  # the second did not find them all taken


def locked() -> OperationalError:
    return OperationalError("UPDATE feeds", {}, Exception("database is locked"))


async def test_a_lock_timeout_renewing_one_claim_still_reads_every_feed_once(
    site, owned, monkeypatch
) -> None:
    paths, feeds = slow_feeds(site, 6)
    ingestor = owned(feeds, "host:ingest:1")
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
    site, database, owned
) -> None:
    paths, feeds = slow_feeds(site, 6)
    ingestor = owned(feeds, "host:ingest:1")

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
