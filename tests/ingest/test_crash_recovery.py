"""A process killed between ingestion's steps loses nothing: the next poll or summary run
finishes what it left (an article without a story, a story without key points)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from bot.storage.models import Feed, Story, StoryRevision
from bot.storage.stories import get_story, latest_stories
from bot.storage.story_writes import add_article
from tests.ingest.feeds import CEASEFIRE
from tests.ingest.site import serve_feed, serve_story, stored_talks


async def test_an_article_a_crash_left_without_a_story_is_placed_and_pushed_on_the_next_poll(
    site, make_ingestor, database
) -> None:
    feed = serve_feed(site, "/a.xml", "Outlet A", [])
    ingestor = make_ingestor([feed])
    await ingestor.poll_once()  # the feed's first poll is done: later news is pushable
    # The process stored an on-topic article, then died before placing it in a story.
    with database.session() as session:
        feed_id = session.scalar(select(Feed.id))
    add_article(database, stored_talks(site.url("/a/talks"), feed_id=feed_id, guid="a-talks"))

    report = await ingestor.poll_once()
    await ingestor.summarize_dirty()

    assert report.resumed == 1
    [story_id] = report.new_story_ids
    story = get_story(database, story_id)
    assert story is not None
    assert story.key_points
    assert story.revision == 1


async def test_an_old_item_a_crash_left_without_a_story_is_placed_but_not_pushed(
    site, make_ingestor, database
) -> None:
    feed = serve_feed(site, "/a.xml", "Outlet A", [])
    ingestor = make_ingestor([feed])
    await ingestor.poll_once()
    with database.session() as session:
        feed_id = session.scalar(select(Feed.id))
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    add_article(database, stored_talks(site.url("/a/old"), feed_id=feed_id,
                                       guid="a-old", published_at=ten_days_ago))  # fmt: skip

    report = await ingestor.poll_once()

    assert report.resumed == 1
    assert report.new_story_ids == []  # listed, as the poll that stored it would have


async def test_a_story_a_crash_left_unsummarized_is_summarized_by_the_next_summary_run(
    site, make_ingestor, database, summarizer
) -> None:
    item = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(site, "/a.xml", "Outlet A", [item])
    ingestor = make_ingestor([feed])
    with database.session() as session:  # the story was placed, then the process died
        session.add(Feed(url=feed, title="Outlet A", first_polled_at=datetime.now(UTC)))
    await ingestor.poll_once()
    await ingestor.summarize_dirty()
    with database.session() as session:
        story = session.scalars(select(Story)).one()
        story.revision, story.dirty = 0, True
        session.execute(delete(StoryRevision))
    restarted = make_ingestor([feed])
    await restarted.poll_once()
    assert await restarted.summarize_dirty() == 1
    [story_view] = latest_stories(database, 5)
    assert story_view.revision == 1
    assert story_view.key_points
