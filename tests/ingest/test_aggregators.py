"""A news aggregator's feed: one feed, many outlets. Each item names its outlet (`<source>`),
and each report is credited to that outlet, not to the aggregator; the outlet's name the
aggregator appends to a headline is dropped, and a description of headlines alone is no text
of the outlet's."""

from __future__ import annotations

from bot.ingest.parse import parse_feed
from bot.storage.stories import latest_stories
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B, Item, rss
from tests.ingest.site import serve_feed, serve_story


def test_an_aggregators_item_names_its_outlet_and_loses_it_from_the_headline() -> None:
    items = [
        Item("Kyiv backs truce - Reuters", "https://x.example/1", source="Reuters"),
        Item("Talks resume - live updates", "https://x.example/2", source="Reuters"),
        Item("Talks resume - Reuters", "https://x.example/3"),  # an outlet's own feed
    ]
    entries = parse_feed(rss("News", items), "application/rss+xml").entries
    assert [(e.title, e.source) for e in entries] == [
        ("Kyiv backs truce", "Reuters"),
        ("Talks resume - live updates", "Reuters"),
        ("Talks resume - Reuters", ""),
    ]
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title>
    <entry><id>urn:1</id><title>Truce | Kyiv Post</title><link href="https://x.example/a"/>
    <source><title>Kyiv Post</title></source></entry></feed>"""
    [entry] = parse_feed(atom).entries
    assert (entry.title, entry.source) == ("Truce", "Kyiv Post")
    bing = b"""<?xml version="1.0"?><rss version="2.0" xmlns:News="https://news.example/rss">
    <channel><title>Search</title><item><title>Truce holds</title><link>https://x.example/b</link>
    <News:Source>Ukrinform</News:Source></item></channel></rss>"""
    [entry] = parse_feed(bing).entries
    assert (entry.title, entry.source) == ("Truce holds", "Ukrinform")


def test_an_aggregators_description_of_headlines_alone_reads_as_its_own_headline() -> None:
    one = '<a href="https://x.example/1">Kyiv backs truce - Reuters</a>&nbsp;<font>Reuters</font>'
    related = (
        '<ol><li><a href="https://x.example/2">Kyiv backs truce</a>&nbsp;<font>Reuters</font></li>'
        '<li><a href="https://x.example/3">Kremlin to study U.S. offer</a>&nbsp;<font>TASS</font>'
        "</li></ol>"
    )
    excerpt = "Ukraine said on Tuesday it would back a 30-day truce. Moscow has not answered."
    cut = "Ukraine said on Tuesday it would back a 30-day truce if Russia agreed to stop its " * 2
    items = [
        Item("Kyiv backs truce - Reuters", "https://x.example/1", one, source="Reuters"),
        Item("Kyiv backs truce - Reuters", "https://x.example/2", related, source="Reuters"),
        Item("Kyiv backs truce - Reuters", "https://x.example/4", excerpt, source="Reuters"),
        Item("Kyiv backs truce - Reuters", "https://x.example/6", cut, source="Reuters"),
        Item("Kyiv backs truce", "https://x.example/5", "Kyiv backs truce  Reuters"),  # own feed
        Item("Kyiv backs truce - Reuters", "https://x.example/7", "", source="Reuters"),
    ]
    entries = parse_feed(rss("News", items), "application/rss+xml").entries
    assert [e.summary for e in entries] == [
        "Kyiv backs truce",  # not "... - Reuters Reuters"
        "Kyiv backs truce",  # nor TASS's headline, credited to Reuters
        excerpt,
        cut.strip(),  # cut mid-sentence, but too long for a headline
        "Kyiv backs truce Reuters",
        "",  # no text stays none
    ]


async def test_an_aggregators_feed_credits_each_report_to_the_outlet_it_names(
    site, make_ingestor, database
) -> None:
    a = serve_story(site, "/a/talks", "Cease-fire talks open in Geneva", CEASEFIRE)
    b = serve_story(site, "/b/talks", "Ukraine and Russia hold truce talks in Geneva", CEASEFIRE_B)
    a = Item(a.title + " - Outlet A", a.link, a.description, a.guid, source="Outlet A")
    b = Item(b.title + " | Outlet B", b.link, b.description, b.guid, source="Outlet B")
    feed = serve_feed(site, "/news.xml", "News Aggregator", [a, b])

    ingestor = make_ingestor([feed], story_similarity=0.5)
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    [story] = latest_stories(database, 5)
    assert [s.outlet for s in story.sources] == ["Outlet A", "Outlet B"]  # two outlets, not one
    assert story.title == "Cease-fire talks open in Geneva"  # the outlet's name is in its link
    assert {o for p in story.key_points for o in p.outlets} <= {"Outlet A", "Outlet B"}
