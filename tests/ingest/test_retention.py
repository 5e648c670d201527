"""After the daily prune: a feed listing an old item again never pushes it as news again, and
off-topic reports are kept only as dedup keys."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.ingest.daily_prune import DailyPrune
from bot.storage.fanout import fan_out
from bot.storage.models import Article, Delivery, DeliveryStatus, Story, utcnow
from bot.storage.retention import prune
from bot.storage.stories import get_story
from bot.storage.subscribers import subscribe
from tests.ingest.feeds import CEASEFIRE, ELECTION, Item
from tests.ingest.site import count, serve_feed, serve_story


@pytest.mark.parametrize(
    "listed_again",
    ["dated today", "undated", "by an aggregator, with tracking"],
)
async def test_a_pruned_story_listed_again_by_a_feed_is_not_pushed_again(
    site, make_ingestor, database, listed_again: str
) -> None:
    backlog = serve_story(site, "/a/library", "Library opens", ELECTION)
    feed = serve_feed(site, "/a.xml", "Outlet A", [backlog])
    aggregator = serve_feed(site, "/b.xml", "Aggregator", [])
    ingestor = make_ingestor([feed, aggregator])
    await ingestor.poll_once()  # the first poll is backlog
    talks = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    serve_feed(site, "/a.xml", "Outlet A", [talks, backlog])
    subscribe(database, 100, utcnow() - timedelta(days=1))
    [story_id] = (await ingestor.poll_once()).new_story_ids
    await ingestor.summarize_dirty()
    assert sum(fan_out(database, utcnow()).values()) == 1
    with database.session() as session:  # the chat got it
        session.execute(update(Delivery).values(status=DeliveryStatus.SENT, sent_at=utcnow()))

    # A hundred days later the story is pruned.
    done = prune(database, utcnow() + timedelta(days=100), 90)
    assert done.stories == 1
    assert get_story(database, story_id) is None

    # The outlet (or an aggregator) lists the same report again.
    if listed_again == "dated today":
        serve_feed(site, "/a.xml", "Outlet A", [talks])
    elif listed_again == "undated":
        undated = Item(talks.title, talks.link, talks.description, talks.guid, published=None)
        serve_feed(site, "/a.xml", "Outlet A", [undated])
    else:
        tracked = Item(talks.title, talks.link + "?utm_source=rss", talks.description, "agg-1")
        serve_feed(site, "/b.xml", "Aggregator", [tracked])
    again = await ingestor.poll_once()
    await ingestor.summarize_dirty()

    assert (again.new_story_ids, again.resumed) == ([], 0)
    assert sum(f.new for f in again.feeds) == 0
    assert count(database, Story) == 0
    assert fan_out(database, utcnow()) == {}
    with database.session() as session:
        assert session.scalars(select(Delivery.status)).all() == []


async def test_off_topic_reports_are_stored_without_text_and_still_recognized(
    site, make_ingestor, database
) -> None:
    library = serve_story(site, "/a/library", "Library opens", ELECTION)
    feed = serve_feed(site, "/a.xml", "Outlet A", [library])
    # Another outlet publishes the same text under its own address.
    copy = serve_story(site, "/b/library-copy", "Library opens", ELECTION)
    other = serve_feed(site, "/b.xml", "Outlet B", [])
    ingestor = make_ingestor([feed, other])

    first = await ingestor.poll_once()
    serve_feed(site, "/b.xml", "Outlet B", [copy])
    second = await ingestor.poll_once()

    assert [f.new for f in first.feeds] == [1, 0]
    assert [f.new for f in second.feeds] == [0, 0]  # same text: known by its hash
    with database.session() as session:
        [row] = session.scalars(select(Article)).all()
    assert (row.title, row.text, row.on_topic) == ("Library opens", "", False)
    assert row.content_hash is not None
    assert count(database, Story) == 0


async def test_the_scheduled_prune_runs_once_a_day_and_never_with_retention_zero(
    database,
) -> None:
    now = utcnow()
    daily = DailyPrune(database, 90)
    first = daily.start_if_due(now)
    assert first is not None
    assert await first is not None  # it ran (finding nothing to delete)
    assert daily.start_if_due(now + timedelta(hours=23)) is None
    later = daily.start_if_due(now + timedelta(hours=24))
    assert later is not None
    await later
    await daily.aclose()

    assert DailyPrune(database, 0).start_if_due(now) is None
