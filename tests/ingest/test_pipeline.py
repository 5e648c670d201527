"""Ingestion end to end against the loopback news site, with fake models."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.ingest.story_steps import story_point_budget
from bot.storage.feeds import list_feeds
from bot.storage.models import Article, Feed, Story
from bot.storage.stories import get_story, latest_stories
from tests.decoding_spy import watch_decoding
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B, ELECTION, Item, page, rss
from tests.ingest.site import count, health, serve_feed, serve_story
from tests.servers.news_site import Route, gzip_bomb


async def test_first_poll_is_stored_but_not_pushed(site, make_ingestor, database) -> None:
    item = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(site, "/a.xml", "Outlet A", [item])

    ingestor = make_ingestor([feed])
    report = await ingestor.poll_once()
    assert await ingestor.summarize_dirty() == 1

    assert report.new_story_ids == []
    assert [(f.new, f.on_topic, f.stories, f.error) for f in report.feeds] == [(1, 1, 1, None)]
    [story] = latest_stories(database, 5)
    assert story.title == "Cease-fire talks open in Geneva"
    assert story.key_points[0].evidence == (story.key_points[0].text,)
    assert story.sources[0].outlet == "Outlet A"
    with database.session() as session:
        assert session.scalars(select(Story.pushable)).all() == [False]


async def test_new_entries_on_later_polls_become_pushable_stories(
    site, make_ingestor, database
) -> None:
    old = serve_story(site, "/a/old", "Library opens", ELECTION)
    feed = serve_feed(site, "/a.xml", "Outlet A", [old])
    ingestor = make_ingestor([feed])
    await ingestor.poll_once()

    new = serve_story(site, "/a/new", "Cease-fire talks open in Geneva", CEASEFIRE)
    serve_feed(site, "/a.xml", "Outlet A", [new, old])
    report = await ingestor.poll_once()
    await ingestor.summarize_dirty()

    assert len(report.new_story_ids) == 1
    story = get_story(database, report.new_story_ids[0])
    assert story is not None
    assert story.title == "Cease-fire talks open in Geneva"
    with database.session() as session:
        row = session.get_one(Story, report.new_story_ids[0])
        assert row.pushable
        [revision] = row.revisions
        assert revision.fanned_out_at is None  # waiting for the outbox's fan-out


async def test_an_item_older_than_the_story_window_read_on_a_later_poll_is_not_pushed(
    site, make_ingestor, database
) -> None:
    first = serve_story(site, "/a/first", "Library opens", ELECTION)
    feed = serve_feed(site, "/a.xml", "Outlet A", [first])
    ingestor = make_ingestor([feed])
    await ingestor.poll_once()

    # The outlet lists an item from three weeks ago (or a long feed's older entry is reached).
    old = serve_story(site, "/a/old", "Cease-fire talks open in Geneva", CEASEFIRE)
    old = Item(old.title, old.link, old.description, old.guid,
               published=datetime.now(UTC) - timedelta(days=21))  # fmt: skip
    serve_feed(site, "/a.xml", "Outlet A", [old, first])
    report = await ingestor.poll_once()

    assert report.new_story_ids == []
    with database.session() as session:
        assert session.scalars(select(Story.pushable)).all() == [False]  # in /latest only


async def test_off_topic_entries_are_stored_but_make_no_story(
    site, make_ingestor, database
) -> None:
    item = serve_story(site, "/a/library", "Library opens", ELECTION)
    feed = serve_feed(site, "/a.xml", "Outlet A", [item])

    report = await make_ingestor([feed]).poll_once()

    assert [(f.new, f.on_topic, f.stories) for f in report.feeds] == [(1, 0, 0)]
    assert count(database, Story) == 0
    assert count(database, Article) == 1


@pytest.mark.parametrize(
    "redated",
    [None, timedelta(days=-3 * 365), timedelta(days=2)],
    ids=["as-published", "stale-feed-date", "future-feed-date"],
)
async def test_same_development_from_two_outlets_becomes_one_story_with_both_sources(
    site, make_ingestor, database, summarizer, redated: timedelta | None
) -> None:
    a = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    b = serve_story(site, "/b/talks", "Ukraine and Russia hold truce talks in Geneva", CEASEFIRE_B)
    if redated is not None:  # a feed's implausible date must not keep the report apart
        b = Item(b.title, b.link, b.description, b.guid, published=datetime.now(UTC) + redated)
    feed_a = serve_feed(site, "/a.xml", "Outlet A", [a])
    feed_b = serve_feed(site, "/b.xml", "Outlet B", [b])

    ingestor = make_ingestor([feed_a, feed_b], story_similarity=0.5)
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    [story] = latest_stories(database, 5)
    assert {s.outlet for s in story.sources} == {"Outlet A", "Outlet B"}
    assert len(summarizer.calls) == 1  # summarized once, from one source


async def test_a_story_shows_a_feed_date_only_when_it_fits_the_configured_window(
    site, make_ingestor, database
) -> None:
    now = datetime.now(UTC)
    recent, stale = now - timedelta(hours=5), now - timedelta(hours=30)
    a = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    b = serve_story(site, "/b/talks", "Ukraine and Russia hold truce talks in Geneva", CEASEFIRE_B)
    a = Item(a.title, a.link, a.description, a.guid, published=recent)
    b = Item(b.title, b.link, b.description, b.guid, published=stale)
    feed_a = serve_feed(site, "/a.xml", "Outlet A", [a])
    feed_b = serve_feed(site, "/b.xml", "Outlet B", [b])

    ingestor = make_ingestor([feed_a, feed_b], story_similarity=0.5, story_window_hours=24)
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    [story] = latest_stories(database, 5)
    shown = {s.outlet: s.published_at or now for s in story.sources}
    assert abs(shown["Outlet A"] - recent) < timedelta(seconds=1)
    # 30 hours is past the 24-hour window: the report is dated when it was seen, as clustering
    # placed it, not by the feed.
    assert shown["Outlet B"] >= now - timedelta(seconds=1)
    assert story.published_at == shown["Outlet A"]


async def test_the_same_article_is_stored_once_across_feeds_and_polls(
    site, make_ingestor, database
) -> None:
    item = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    tracked = Item(item.title, item.link + "?utm_source=rss#top", item.description, guid="x-1")
    feed_a = serve_feed(site, "/a.xml", "Outlet A", [item])
    feed_b = serve_feed(site, "/b.xml", "Aggregator", [tracked])
    ingestor = make_ingestor([feed_a, feed_b])

    await ingestor.poll_once()
    again = await ingestor.poll_once()

    assert count(database, Article) == 1
    assert sum(f.new for f in again.feeds) == 0


async def test_repeated_entries_and_entries_without_links_or_dates_are_handled(
    site, make_ingestor, database
) -> None:
    first = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    dup = Item("Listed twice", first.link, "same guid, same link", guid=first.guid)
    no_link = Item("No link at all", None, "a truce in words only", guid=None)
    undated = serve_story(site, "/a/library", "Library opens", ELECTION)
    undated = Item(undated.title, undated.link, undated.description, "lib", published=None)
    feed = serve_feed(site, "/a.xml", "Outlet A", [first, dup, no_link, undated])

    report = await make_ingestor([feed]).poll_once()

    assert report.feeds[0].error is None
    assert report.feeds[0].new == 2
    with database.session() as session:
        dated = dict(session.execute(select(Article.title, Article.published_at)).all())
    assert dated["Library opens"] is None
    assert dated["Cease-fire talks open in Geneva"] == first.published


async def test_conditional_get_sends_validators_and_not_modified_changes_nothing(
    site, make_ingestor, database
) -> None:
    item = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(
        site,
        "/a.xml",
        "Outlet A",
        [item],
        etag='"v1"',
        last_modified="Tue, 11 Mar 2025 12:00:00 GMT",
    )
    ingestor = make_ingestor([feed])
    await ingestor.poll_once()
    report = await ingestor.poll_once()

    second = site.requests_to("/a.xml")[-1]
    assert second.headers["if-none-match"] == '"v1"'
    assert second.headers["if-modified-since"] == "Tue, 11 Mar 2025 12:00:00 GMT"
    assert report.feeds[0].error is None
    assert report.feeds[0].new == 0
    assert count(database, Article) == 1


BAD_FEEDS = {
    "http_500": (Route(status=500, body=b"oops"), "HTTP 500"),
    "timeout": (Route(body=b"<rss/>", delay=6), "timed out"),
    "redirect_loop": (Route.redirect("/bad.xml"), "too many redirects"),
    "malformed_xml": (
        Route(body=b"<?xml version='1.0'?><rss><channel><item><ti", content_type="text/xml"),
        "malformed feed",
    ),
    "html_instead_of_feed": (Route(body=page("Home", ["Welcome to our site."])), "HTML page"),
    "fifty_megabytes": (Route(stream_bytes=50_000_000), "larger than 1 MB"),
    "gzip_bomb": (Route(body=gzip_bomb(20_000_000), raw_gzip=True), "larger than 1 MB"),
    "empty_body": (Route(body=b"", content_type="application/rss+xml"), "empty"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FEEDS))
async def test_bad_feed_is_marked_unhealthy_and_others_go_on(
    site, make_ingestor, database, case: str
) -> None:
    good_item = serve_story(site, "/good/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    good = serve_feed(site, "/good.xml", "Good outlet", [good_item])
    bad_route, reason = BAD_FEEDS[case]
    bad = site.route("/bad.xml", bad_route)
    ingestor = make_ingestor([bad, good])
    with database.session() as session:  # something stored earlier must survive
        session.add(Feed(url=bad, title="Bad outlet", first_polled_at=datetime.now(UTC)))
        session.flush()
        feed_id = session.scalar(select(Feed.id).where(Feed.url == bad))
        session.add(
            Article(
                feed_id=feed_id,
                url="https://x.example/1",
                canonical_url="https://x.example/1",
                title="kept",
            )
        )

    report = await ingestor.poll_once()

    by_url = {f.url: f for f in report.feeds}
    assert reason in (by_url[bad].error or "")
    assert by_url[good].error is None
    assert by_url[good].new == 1
    state = health(database, bad)
    assert not state.healthy
    assert state.consecutive_errors == 1
    assert reason in (state.last_error or "")
    assert state.next_poll_at is not None
    assert state.next_poll_at > datetime.now(UTC)
    assert health(database, good).healthy
    assert count(database, Article) == 2


async def test_failing_feed_backs_off_and_recovers(site, make_ingestor, database) -> None:
    bad = site.route("/flaky.xml", Route(status=503))
    ingestor = make_ingestor([bad])
    await ingestor.poll_once()
    skipped = await ingestor.poll_once()
    assert skipped.feeds == []  # still backing off

    item = serve_story(site, "/flaky/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    serve_feed(site, "/flaky.xml", "Flaky", [item])
    forced = await ingestor.poll_once(ignore_backoff=True)
    assert forced.feeds[0].error is None
    assert health(database, bad).healthy
    assert health(database, bad).consecutive_errors == 0


async def test_wrong_or_missing_charset_is_still_read(site, make_ingestor, database) -> None:
    item = Item("Waffenruhe: Gespräche über einen Waffenstillstand", site.url("/de/1"),
                "Die Verhandlungen über eine Waffenruhe gehen weiter.", guid="de-1")  # fmt: skip
    latin = rss("Zeitung", [item], encoding="iso-8859-1")
    undeclared = latin.replace(b' encoding="iso-8859-1"', b"")
    wrong = site.route("/wrong.xml", Route(body=latin, content_type="text/xml; charset=utf-8"))
    missing = site.route("/missing.xml", Route(body=undeclared, content_type="text/xml"))

    report = await make_ingestor([wrong, missing]).poll_once()

    assert [f.error for f in report.feeds] == [None, None]
    with database.session() as session:
        titles = session.scalars(select(Article.title)).all()
    assert titles
    assert all(t.startswith("Waffenruhe") for t in titles)


ENVOY = "Zelenskyy’s envoy says cease-fire talks with Russia will resume in Geneva"
ENVOY_PAGE = [
    "Ukraine’s envoy said on Tuesday that cease-fire talks with Russia would resume in Geneva "
    "next week, after the mediators’ “constructive” meeting with both delegations.",
    "Armenia’s and Azerbaijan’s leaders, who met the mediators in Geneva last month, said the "
    "same venue could host the next round of their own peace talks.",
]


@pytest.mark.parametrize(
    ("feed_bytes", "page_bytes", "page_charset"),
    [
        pytest.param("cp1252", "cp1252", "utf-8", id="windows-1252 declared as utf-8"),
        pytest.param("utf-8", "utf-8", "iso-8859-1", id="utf-8 page declared as iso-8859-1"),
    ],
)
async def test_a_wrong_charset_declaration_does_not_reach_readers_as_mojibake(
    site, make_ingestor, database, feed_bytes: str, page_bytes: str, page_charset: str
) -> None:
    # The XML declaration, the <meta> and the HTTP header all name the wrong charset.
    page_body = page(ENVOY, ENVOY_PAGE).decode().encode(page_bytes)
    url = site.route(
        "/en/envoy", Route(body=page_body, content_type=f"text/html; charset={page_charset}")
    )
    item = Item(ENVOY, url, ENVOY_PAGE[0], guid="envoy")
    feed_body = rss("Kyiv Daily", [item]).decode().encode(feed_bytes)
    feed = site.route(
        "/en.xml", Route(body=feed_body, content_type="application/rss+xml; charset=utf-8")
    )

    await make_ingestor([feed]).poll_once()
    await make_ingestor([feed]).summarize_dirty()

    [story] = latest_stories(database, 5)
    assert story.title == ENVOY
    points = " ".join(p.text for p in story.key_points)
    assert "Ukraine’s envoy said" in points
    assert "Armenia’s and Azerbaijan’s leaders" in points
    assert "\ufffd" not in points
    assert "â" not in points


async def test_a_feed_is_decoded_off_the_event_loop(
    site, make_ingestor, database, monkeypatch
) -> None:
    """Charset detection on a big feed would stall every chat: parse_feed runs in a thread."""
    item = Item("Waffenruhe: Gespräche über einen Waffenstillstand", site.url("/de/1"),
                "Die Verhandlungen über eine Waffenruhe gehen weiter.", guid="de-1")  # fmt: skip
    undeclared = rss("Zeitung", [item], encoding="iso-8859-1").replace(
        b' encoding="iso-8859-1"', b""
    )
    feed = site.route("/missing.xml", Route(body=undeclared, content_type="text/xml"))
    decoded_on_the_loop = watch_decoding(monkeypatch)

    report = await make_ingestor([feed]).poll_once()

    assert [f.error for f in report.feeds] == [None]
    with database.session() as session:
        assert session.scalars(select(Article.title)).all() == [item.title]
    assert decoded_on_the_loop == [False]


async def test_overlapping_polls_do_not_run_twice(site, make_ingestor) -> None:
    item = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(site, "/a.xml", "Outlet A", [item], delay=0.3)
    ingestor = make_ingestor([feed])

    first, second = await asyncio.gather(ingestor.poll_once(), ingestor.poll_once())

    assert len(first.feeds) + len(second.feeds) == 1
    assert len(site.requests_to("/a.xml")) == 1


async def test_feeds_from_settings_are_synced_into_the_table(
    site, make_ingestor, database
) -> None:
    feed = serve_feed(site, "/a.xml", "Outlet A", [])
    await make_ingestor([feed]).poll_once()
    [state] = list_feeds(database)
    assert state.url == feed
    assert state.title == "Outlet A"
    assert state.healthy


async def test_a_trickling_feed_uses_up_its_budget_without_holding_up_the_others(
    site, make_ingestor, database
) -> None:
    slow_items = []
    for n in range(5):
        url = site.route(f"/slow/{n}", Route(body=page("Truce talks", CEASEFIRE), delay=1.0))
        slow_items.append(Item(f"Cease-fire talks, part {n}", url, "x", guid=f"slow-{n}"))
    slow = serve_feed(site, "/slow.xml", "Slow outlet", slow_items)
    item = serve_story(site, "/good/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    good = serve_feed(site, "/good.xml", "Good outlet", [item])

    report = await make_ingestor([slow, good], feed_budget_seconds=1.5).poll_once()

    by_url = {f.url: f for f in report.feeds}
    assert "budget" in (by_url[slow].error or "")
    assert by_url[good].error is None
    assert by_url[good].new == 1
    assert not health(database, slow).healthy


def test_a_story_keeps_room_for_new_facts_as_it_grows() -> None:
    assert story_point_budget(0) == 5
    assert story_point_budget(5) == 7  # everything shown stays, two new facts fit
    assert story_point_budget(20) == 22  # a long-running story still has room for news
