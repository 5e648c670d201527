"""Summary runs: a slow summary never holds up a poll, and a stop loses no story."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import select

from bot.ingest.pipeline import Ingestor, IngestReport
from bot.storage.models import Article, Story, StoryRevision
from bot.storage.stories import get_story, latest_stories
from bot.storage.story_writes import dirty_stories
from summarizer import KeyPoint, Summary
from summarizer.story import StoryArticle
from tests.fakes import HashingEmbedder
from tests.ingest.conftest import FirstSentencesSummarizer, make_settings
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B
from tests.ingest.site import count, serve_feed, serve_story

T = TypeVar("T")
PATIENCE = 30.0  # seconds; only ever reached when the behaviour under test is broken


class HeldSummarizer(FirstSentencesSummarizer):
    """Summarizes like the fake, but every call waits in the model thread until the test
    releases it: a model call as slow as the test needs."""

    def __init__(self) -> None:
        super().__init__()
        self.working = threading.Event()
        self.release = threading.Event()

    def summarize(
        self,
        articles: Sequence[StoryArticle],
        max_points: int | None = None,
        previous: Sequence[KeyPoint] = (),
        known: int = 0,
        earlier: Sequence[StoryArticle] = (),
    ) -> Summary:
        self.working.set()
        if not self.release.wait(PATIENCE):
            raise TimeoutError("the test never released the summarizer")
        return super().summarize(articles, max_points, previous, known, earlier)


async def within(step: Awaitable[T]) -> T:
    return await asyncio.wait_for(step, PATIENCE)


async def poll_then_summarize(ingestor: Ingestor) -> tuple[IngestReport, asyncio.Task[None]]:
    """The bot's cycle (`poll_job`, `--role ingest`): poll, then summarize in the background."""
    report = await ingestor.poll_once()
    return report, ingestor.summarize_in_background()


async def test_a_poll_stores_another_feeds_news_while_a_slow_summary_is_still_running(
    site, database, http, tmp_path
) -> None:
    talks = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed_a = serve_feed(site, "/a.xml", "Outlet A", [talks])
    feed_b = serve_feed(site, "/b.xml", "Outlet B", [])
    summarizer = HeldSummarizer()
    settings = make_settings(tmp_path, site, [feed_a, feed_b])
    # As the bot runs it: relevance in the model thread, summaries in a thread of their own.
    with ThreadPoolExecutor(max_workers=1) as executor, ThreadPoolExecutor(1) as summaries:
        ingestor = Ingestor(
            settings,
            database,
            http,
            HashingEmbedder(384),
            summarizer,
            executor,
            summary_executor=summaries,
        )
        try:
            first = asyncio.create_task(poll_then_summarize(ingestor))
            assert await within(asyncio.to_thread(summarizer.working.wait, PATIENCE))

            # While Outlet A's story is being summarized, Outlet B reports, and the next
            # poll runs to its end and stores and places that report.
            truce = serve_story(site, "/b/truce", "Truce talks in Geneva", CEASEFIRE_B)
            serve_feed(site, "/b.xml", "Outlet B", [truce])
            second = await within(ingestor.poll_once())

            by_url = {f.url: f for f in second.feeds}
            assert feed_b in by_url, "the second poll was skipped"
            assert (by_url[feed_b].new, by_url[feed_b].on_topic) == (1, 1)
            assert count(database, Article) == 2
            summarizing = first.result()[1]  # the first cycle returned once it had polled
            assert not summarizing.done()
            assert summarizer.calls == []  # the first summary is still held
            assert count(database, StoryRevision) == 0
            # The second cycle's summary request waits for the running one, then runs.
            assert ingestor.summarize_in_background() is summarizing
        finally:
            summarizer.release.set()

        await within(summarizing)

    # Released, the run writes Outlet A's story and then the stories the second poll changed.
    assert dirty_stories(database) == []
    stories = latest_stories(database, 5)
    assert "Cease-fire talks open in Geneva" in {s.title for s in stories}
    assert all(s.revision >= 1 and s.key_points for s in stories)
    assert {o for s in stories for o in (src.outlet for src in s.sources)} == {
        "Outlet A",
        "Outlet B",
    }


async def test_a_stop_during_a_summary_run_leaves_the_story_for_the_next_run(
    site, make_ingestor, database, http, executor, tmp_path
) -> None:
    talks = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(site, "/a.xml", "Outlet A", [talks])
    held = HeldSummarizer()
    settings = make_settings(tmp_path, site, [feed])
    stopping = Ingestor(settings, database, http, HashingEmbedder(384), held, executor)
    try:
        await within(stopping.poll_once())
        stopping.summarize_in_background()
        assert await within(asyncio.to_thread(held.working.wait, PATIENCE))
        await within(stopping.aclose())  # the process is told to stop mid-summary
    finally:
        held.release.set()
    [story_id] = dirty_stories(database)

    restarted = make_ingestor([feed])
    assert await within(restarted.summarize_dirty()) == 1
    assert dirty_stories(database) == []
    story = get_story(database, story_id)
    assert story is not None
    assert story.revision == 1


class NewsOnlySummarizer:
    """Keeps the points shown and adds the headline of every report after the first `known`
    (an update carries only news, as the story summarizer's does); fails while `broken`."""

    def __init__(self) -> None:
        self.broken = False

    def summarize(
        self,
        articles: Sequence[StoryArticle],
        max_points: int | None = None,
        previous: Sequence[KeyPoint] = (),
        known: int = 0,
        earlier: Sequence[StoryArticle] = (),
    ) -> Summary:
        if self.broken:
            raise RuntimeError("the model broke")
        added = tuple(KeyPoint(a.title, (a.title,), (a.outlet,)) for a in articles[known:])
        return Summary((*previous, *added), "extractive")


async def test_a_report_that_came_during_a_failed_summary_is_news_in_the_next_update(
    site, database, http, executor, tmp_path
) -> None:
    facts = ["Talks open in Geneva", "Prisoners exchanged", "Draft truce agreed"]
    reports = [serve_story(site, f"/a/{n}", fact, CEASEFIRE) for n, fact in enumerate(facts)]
    summarizer = NewsOnlySummarizer()
    settings = make_settings(tmp_path, site, [site.url("/a.xml")], story_similarity=0.05)
    ingestor = Ingestor(settings, database, http, HashingEmbedder(384), summarizer, executor)

    async def outlet_lists(n: int) -> None:
        serve_feed(site, "/a.xml", "Outlet A", reports[:n][::-1])
        await ingestor.poll_once()
        await ingestor.summarize_dirty()

    await outlet_lists(1)
    summarizer.broken = True  # the prisoner exchange arrives while summaries fail
    await outlet_lists(2)
    summarizer.broken = False
    await outlet_lists(3)

    assert count(database, Story) == 1
    with database.session() as session:
        revisions = session.scalars(select(StoryRevision).order_by(StoryRevision.number))
        new_points = [r.new_points for r in revisions]
    assert new_points == [
        ["Talks open in Geneva"],
        [],  # the failed run kept the points shown
        ["Prisoners exchanged", "Draft truce agreed"],
    ]


async def test_a_slow_site_does_not_hold_back_another_feeds_news_until_the_poll_ends(
    site, database, http, executor, tmp_path
) -> None:
    talks = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    slow = serve_story(site, "/b/truce", "Truce talks in Geneva", CEASEFIRE_B)
    site.routes["/b/truce"].delay = 2.5  # its page takes long to come; the fetch waits for it
    feed_a = serve_feed(site, "/a.xml", "Outlet A", [talks])
    feed_b = serve_feed(site, "/b.xml", "Outlet B", [slow])
    settings = make_settings(tmp_path, site, [feed_a, feed_b], story_similarity=0.99)
    summarizer = HeldSummarizer()
    summarizer.release.set()  # summaries run at once; `working` says when the first began
    ingestor = Ingestor(
        settings, database, http, HashingEmbedder(384), summarizer, executor, summary_wait=0.2
    )
    poll = asyncio.create_task(ingestor.poll_once(summarize=True))
    summarized = asyncio.ensure_future(asyncio.to_thread(summarizer.working.wait, PATIENCE))
    await asyncio.wait([poll, summarized], return_when=asyncio.FIRST_COMPLETED)

    assert not poll.done(), "Outlet A's story waited for Outlet B's slow page"
    await within(poll)
    titles = [[a.title for a in call] for call in summarizer.calls]
    assert titles[0] == ["Cease-fire talks open in Geneva"]
    await within(summarized)
