"""Which of a feed's entries a poll reads: every new report, however the feed names its items
and however long it is."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.handlers.feeds import feed_problem
from bot.ingest.cli import format_report
from bot.ingest.entries import entries_to_read
from bot.ingest.parse import FeedEntry
from bot.render_setup import render_feeds
from bot.storage.feeds import list_feeds
from bot.storage.models import Article
from bot.storage.seen import KnownEntries, known_entries
from bot.storage.story_writes import NewArticle, add_article
from tests.ingest.feeds import CEASEFIRE, ELECTION, Item, page
from tests.ingest.site import health, serve_feed, serve_story
from tests.servers.news_site import Route


@pytest.mark.parametrize("later_poll", [None, "with the first", "alone"])
async def test_items_sharing_one_guid_are_all_stored(
    site, make_ingestor, database, later_poll: str | None
) -> None:
    home = "https://outlet.example/"  # some CMSs give every item the site's home URL
    talks = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    library = serve_story(site, "/a/library", "Library opens", ELECTION)
    talks, library = (Item(i.title, i.link, i.description, guid=home) for i in (talks, library))
    ingestor = make_ingestor([site.url("/a.xml")])
    if later_poll:
        serve_feed(site, "/a.xml", "Outlet A", [talks])
        await ingestor.poll_once()
    serve_feed(
        site, "/a.xml", "Outlet A", [library] if later_poll == "alone" else [library, talks]
    )

    report = await ingestor.poll_once()

    assert report.feeds[0].new == (1 if later_poll else 2)
    with database.session() as session:
        titles = set(session.scalars(select(Article.title)))
    assert titles == {"Cease-fire talks open in Geneva", "Library opens"}


def test_a_long_feed_is_read_newest_first_whatever_its_order() -> None:
    base = datetime(2025, 3, 1, tzinfo=UTC)
    oldest_first = [
        FeedEntry(
            guid=str(n),
            link=f"https://x.example/{n}",
            title=str(n),
            summary="",
            content="",
            published=base + timedelta(hours=n),
        )  # fmt: skip
        for n in range(100)
    ]
    chosen, left_out = entries_to_read(oldest_first, 10)
    assert [e.title for e in chosen] == [str(n) for n in range(90, 100)]
    assert left_out == 90
    chosen, _ = entries_to_read(list(reversed(oldest_first)), 3)
    assert [e.title for e in chosen] == ["97", "98", "99"]


async def test_a_feed_longer_than_the_cap_is_read_newest_first_over_several_polls(
    site, make_ingestor, database
) -> None:
    base = datetime(2025, 3, 1, tzinfo=UTC)
    items = []
    for n in range(1, 5):
        story = serve_story(site, f"/a/{n}", f"Report {n}", [f"Report {n}.", *ELECTION])
        items.append(Item(story.title, story.link, story.description, story.guid,
                          published=base + timedelta(days=n)))  # fmt: skip
    feed = serve_feed(site, "/a.xml", "Outlet A", items)
    ingestor = make_ingestor([feed], max_entries_per_poll=2)

    stored_after = []
    for _ in range(3):
        await ingestor.poll_once()
        with database.session() as session:
            stored_after.append(set(session.scalars(select(Article.title))))

    newest, older = {"Report 3", "Report 4"}, {"Report 1", "Report 2"}
    assert stored_after == [newest, newest | older, newest | older]


def test_entries_already_stored_do_not_count_against_the_cap() -> None:
    entries = [
        FeedEntry(
            str(n), f"https://x.example/{n}", str(n), "", "", datetime(2025, 3, n, tzinfo=UTC)
        )
        for n in range(1, 6)
    ]
    stored = KnownEntries(
        guids=frozenset({"5"}), canonical_urls=frozenset({"https://x.example/4"})
    )
    chosen, left_out = entries_to_read(entries, 2, stored)
    assert ([e.title for e in chosen], left_out) == (["2", "3"], 1)


def test_the_stored_check_of_a_long_feed_finds_urls_anywhere_and_guids_in_its_feed(
    database,
) -> None:
    stored = NewArticle(None, "https://x.example/850", "https://x.example/850", "g-850",
                        "Talks", "text", None, None, 0.5, on_topic=False)  # fmt: skip
    add_article(database, stored)
    urls = [f"https://x.example/{n}" for n in range(900)]
    known = known_entries(database, 1, [f"g-{n}" for n in range(900)], urls)
    assert known.canonical_urls == {"https://x.example/850"}
    assert known.guids == set()  # stored without a feed: its guid names nothing in feed 1


def relative_feed(title: str, links: list[str]) -> bytes:
    """An outlet's feed as some CMSs write it: item links relative to the feed's address."""
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        "<description>Talks</description></item>"
        for link in links
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Outlet R"
        f"</title><link>/</link><description>d</description>{items}</channel></rss>"
    ).encode()


async def test_relative_item_links_are_read_from_where_the_feed_moved(
    site, make_ingestor, database
) -> None:
    site.route("/world/talks-1", Route(body=page("Cease-fire talks open in Geneva", CEASEFIRE)))
    body = relative_feed("Cease-fire talks open in Geneva", ["talks-1"])
    site.route("/world/feed.xml", Route(body=body, content_type="application/rss+xml"))
    feed = site.route("/feed.xml", Route.redirect("/world/feed.xml", status=301))

    report = await make_ingestor([feed]).poll_once()

    assert (report.feeds[0].new, report.feeds[0].unlinked) == (1, 0)
    with database.session() as session:
        assert session.scalars(select(Article.url)).all() == [site.url("/world/talks-1")]


async def test_items_with_no_usable_link_are_counted_and_a_resolved_link_is_still_guarded(
    site, make_ingestor, database, caplog
) -> None:
    # A protocol-relative link to a host the fetch guard does not allow, and two that are no
    # web links at all, whatever they are resolved against.
    inside = f"//localhost:{site.port}/internal"
    body = relative_feed("Cease-fire talks", [inside, "javascript:void(0)", "mailto:a@b.example"])
    feed = site.route("/r.xml", Route(body=body, content_type="application/rss+xml"))
    caplog.set_level(logging.INFO, logger="bot.ingest.feed_reader")

    report = await make_ingestor([feed]).poll_once()

    [read] = report.feeds
    assert (read.error, read.unlinked) == (None, 2)
    assert "2 items without a link" in format_report(report)
    assert site.requests_to("/internal") == []  # the guard refused the page
    assert "private or local network" in caplog.text
    with database.session() as session:  # stored from the feed's own text, as for any link
        assert session.scalars(select(Article.url)).all() == [f"http:{inside}"]


async def test_the_log_names_an_item_with_no_link_at_all_by_its_title(
    site, make_ingestor, caplog
) -> None:
    body = relative_feed("Envoys meet in Jeddah", [""])
    feed = site.route("/n.xml", Route(body=body, content_type="application/rss+xml"))
    caplog.set_level(logging.INFO, logger="bot.ingest.feed_reader")

    report = await make_ingestor([feed]).poll_once()

    assert report.feeds[0].unlinked == 1
    assert "(such as 'Envoys meet in Jeddah', no link)" in caplog.text


async def test_a_feed_whose_items_have_no_link_shows_on_sources_as_failing_with_the_reason(
    site, make_ingestor, database
) -> None:
    site.route("/talks-1", Route(body=page("Cease-fire talks open in Geneva", CEASEFIRE)))
    none = relative_feed("Envoys meet in Jeddah", ["", "mailto:desk@outlet.example"])
    some = relative_feed("Cease-fire talks open in Geneva", ["talks-1", ""])
    rss = "application/rss+xml"
    unlinked = site.route("/none.xml", Route(body=none, content_type=rss, etag='"v1"'))
    partly = site.route("/some.xml", Route(body=some, content_type=rss))
    ingestor = make_ingestor([unlinked, partly])

    await ingestor.poll_once()
    await ingestor.poll_once()  # answered 304: the same listing, still without links

    assert site.requests_to("/none.xml")[-1].headers.get("if-none-match") == '"v1"'
    sources = render_feeds(list_feeds(database), describe=feed_problem)
    none_line, some_line = sources.splitlines()[1:]  # in the order the feeds were added
    assert none_line.startswith("⚠️ ")
    assert "/none.xml" in none_line
    assert none_line.endswith("; its items have no link to send readers to")
    assert "failure" not in none_line  # the feed answers: no failure, and no backoff
    assert health(database, unlinked).next_poll_at is None
    assert some_line.startswith("✅ ")  # some items have a link: those are read
