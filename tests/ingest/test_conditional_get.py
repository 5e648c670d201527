"""Conditional GET never hides news: a feed answers 304 only to a poll that has read everything
it listed, so entries a poll put off (the per-poll cap) or lost (a database error) are read by
the next one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import bot.ingest.feed_reader as feed_reader
from bot.storage.db import Database
from bot.storage.models import Article
from bot.storage.story_writes import NewArticle
from tests.ingest.feeds import CEASEFIRE, ELECTION, Item
from tests.ingest.site import serve_feed, serve_story

VALIDATORS = {  # the feed's validator as the site serves it, and the header a poll sends it in
    "etag": ("etag", '"v1"', "if-none-match"),
    "last-modified": ("last_modified", "Tue, 11 Mar 2025 12:00:00 GMT", "if-modified-since"),
}


def titles(database: Database) -> set[str]:
    with database.session() as session:
        return set(session.scalars(select(Article.title)))


@pytest.mark.parametrize("validator", list(VALIDATORS))
async def test_a_long_feed_with_validators_is_read_to_its_end_then_asked_conditionally(
    site, make_ingestor, database, validator: str
) -> None:
    served_as, value, header = VALIDATORS[validator]
    base = datetime(2025, 3, 1, tzinfo=UTC)
    items = []
    for n in range(1, 5):
        story = serve_story(site, f"/a/{n}", f"Report {n}", [f"Report {n}.", *ELECTION])
        items.append(Item(story.title, story.link, story.description, story.guid,
                          published=base + timedelta(days=n)))  # fmt: skip
    feed = serve_feed(site, "/a.xml", "Outlet A", items, **{served_as: value})
    ingestor = make_ingestor([feed], max_entries_per_poll=2)

    stored_after = []
    for _ in range(3):
        await ingestor.poll_once()
        stored_after.append(titles(database))

    newest, older = {"Report 3", "Report 4"}, {"Report 1", "Report 2"}
    assert stored_after == [newest, newest | older, newest | older]
    asked = [request.headers.get(header) for request in site.requests_to("/a.xml")]
    # The second poll gets the whole feed; the third, with nothing left, is answered 304.
    assert asked == [None, None, value]


async def test_an_entry_a_locked_database_lost_is_read_on_the_next_poll_of_a_feed_with_an_etag(
    site, make_ingestor, database, monkeypatch
) -> None:
    library = serve_story(site, "/a/1", "Library opens", ELECTION)
    talks = serve_story(site, "/a/2", "Cease-fire talks open in Geneva", CEASEFIRE)
    feed = serve_feed(site, "/a.xml", "Outlet A", [library, talks], etag='"v1"')
    locked_once = {talks.title}

    def add_article(db: Database, article: NewArticle) -> Any:
        if article.title in locked_once:
            locked_once.discard(article.title)
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real_add_article(db, article)

    real_add_article = feed_reader.add_article
    monkeypatch.setattr(feed_reader, "add_article", add_article)
    ingestor = make_ingestor([feed])

    first = await ingestor.poll_once()
    assert (first.feeds[0].skipped, titles(database)) == (1, {"Library opens"})
    second = await ingestor.poll_once()

    assert second.feeds[0].new == 1
    assert titles(database) == {"Library opens", "Cease-fire talks open in Geneva"}
