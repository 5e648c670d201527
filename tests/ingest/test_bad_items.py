"""One broken item in a feed costs that item at most: the feed's other news is read, and the
feed stays healthy (a failing feed is backed off, and its news would wait)."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import Article
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B, Item, page
from tests.ingest.site import health, serve_feed, serve_story
from tests.servers.news_site import Route


async def test_a_link_that_does_not_parse_and_a_page_declaring_a_non_text_codec_fail_nothing(
    site, make_ingestor, database
) -> None:
    odd_page = site.route(
        "/b/talks",
        Route(
            body=page("Truce talks in Geneva", CEASEFIRE_B),
            content_type="text/html; charset=rot13",  # a codec, not a charset
        ),
    )
    items = [
        Item("Talks: a bad port", "https://outlet.example:99999/talks", "Talks.", "bad-port"),
        Item("Talks: an unclosed bracket", "http://[::1/talks", "Talks.", "bad-host"),
        Item("Truce talks in Geneva", odd_page, CEASEFIRE_B[0][:80], "odd-codec"),
        serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE),
    ]
    feed = serve_feed(site, "/a.xml", "Outlet A", items)

    report = await make_ingestor([feed]).poll_once()

    [read] = report.feeds
    assert read.error is None
    assert health(database, feed).healthy
    with database.session() as session:
        stored = dict(session.execute(select(Article.title, Article.text)).all())
    assert set(stored) == {"Truce talks in Geneva", "Cease-fire talks open in Geneva"}
    assert CEASEFIRE_B[1][:40] in stored["Truce talks in Geneva"]  # the page was read
