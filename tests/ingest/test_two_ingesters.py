"""Two ingest processes polling one database at once split the feeds: every feed is read once,
and neither waits idle while the other holds every feed."""

from __future__ import annotations

import asyncio

from bot.ingest.pipeline import CLAIM_BATCH, Ingestor
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
