"""Feed parsing, the topic file and the relevance rules, without servers or models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.ingest.dedup import usable_link
from bot.ingest.extract import extract_page, extract_text, needs_full_text
from bot.ingest.parse import FeedParseError, parse_feed
from bot.ingest.relevance import (
    TopicVectors,
    contrast_score,
    is_relevant,
    keyword_hits,
    scoring_passages,
)
from bot.ingest.topic import TopicError, load_topic
from config import CONFIG_DIR
from tests.ingest.feeds import CEASEFIRE, Item, page, rss

TOPIC = load_topic(CONFIG_DIR / "topic.toml")


def test_rss_entries_are_parsed_with_plain_text() -> None:
    body = rss("Outlet", [Item("A &amp; B", "https://x.example/1", "<b>Talks</b> resume")])
    feed = parse_feed(body, "application/rss+xml")
    assert feed.title == "Outlet"
    [entry] = feed.entries
    assert (entry.link, entry.summary) == ("https://x.example/1", "Talks resume")
    assert entry.published is not None


def test_atom_and_json_feed_are_read() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
    <entry><id>urn:1</id><title>Truce</title><link href="https://x.example/a"/>
    <updated>2025-03-11T12:00:00Z</updated><content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
    </entry></feed>"""
    assert parse_feed(atom).entries[0].content == "Body"
    item = {"id": "1", "url": "https://x.example/j", "title": "Truce", "content_text": "Hi"}
    jf = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "items": [item]}
    assert parse_feed(json.dumps(jf).encode(), "application/feed+json").entries[0].link == (
        "https://x.example/j"
    )


def test_relative_item_links_are_resolved_against_the_feeds_address() -> None:
    base = "https://outlet.example/world/feed.xml"
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>urn:1</id><title>Truce</title><link href="talks-1"/></entry></feed>"""
    item = {"id": "2", "url": "/europe/talks-2", "title": "Truce"}
    jf = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "items": [item]}
    links = [
        parse_feed(rss("R", [Item("Truce", "../talks-3")]), "application/rss+xml", base),
        parse_feed(atom, "application/atom+xml", base),
        parse_feed(json.dumps(jf).encode(), "application/feed+json", base),
    ]
    assert [feed.entries[0].link for feed in links] == [
        "https://outlet.example/talks-3",
        "https://outlet.example/world/talks-1",
        "https://outlet.example/europe/talks-2",
    ]


def test_a_link_written_without_its_scheme_is_not_made_a_page_of_the_feeds_own_site() -> None:
    # "www.partner-news.com/world/talks-1" names another site: resolved against the feed it
    # became https://news.example/rss/www.partner-news.com/..., a broken page sent to readers.
    base = "https://news.example/rss/feed.xml"
    host_like = ["www.partner-news.com/world/talks-1", "partner-news.com/world/talks-2",
                 "www.partner-news.com"]  # fmt: skip
    paths = ["talks-4", "world/talks-5", "talks-6.html", "story.php?id=7", "?id=8"]
    items = [Item("Truce", link, guid=f"g{n}") for n, link in enumerate(host_like + paths)]
    links = [e.link for e in parse_feed(rss("R", items), "application/rss+xml", base).entries]

    assert links == [
        *host_like,  # as written: no usable link, so counted with the items without one
        "https://news.example/rss/talks-4",
        "https://news.example/rss/world/talks-5",
        "https://news.example/rss/talks-6.html",
        "https://news.example/rss/story.php?id=7",
        "https://news.example/rss/feed.xml?id=8",
    ]
    assert [usable_link(link) for link in links] == [False] * 3 + [True] * 5


def test_a_shared_or_home_page_guid_is_no_identity_in_rss_and_json_feed() -> None:
    home = "https://outlet.example/"
    items = [Item("One", "https://x.example/1", guid=home), Item("Two", "https://x.example/2",
             guid=home), Item("Two again", "https://x.example/2", guid=home),
             Item("Own", "https://x.example/3", guid="own-3")]  # fmt: skip
    rss_entries = parse_feed(rss("Outlet", items), "application/rss+xml").entries
    json_items = [{"id": i.guid, "url": i.link, "title": i.title} for i in items]
    jf = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "items": json_items}
    json_entries = parse_feed(json.dumps(jf).encode(), "application/feed+json").entries
    for entries in (rss_entries, json_entries):
        assert [(e.title, e.guid) for e in entries] == [("One", ""), ("Two", ""), ("Own", "own-3")]
    alone = parse_feed(rss("Outlet", items[:1]), "application/rss+xml").entries
    assert alone[0].guid == ""  # a home page names no article, even on its own


def test_moscow_and_kyiv_times_in_a_feed_are_read_as_such_not_as_utc() -> None:
    items = "".join(
        f"<item><title>{n}</title><link>https://x.example/{n}</link>"
        f"<pubDate>Mon, 10 Mar 2025 08:00:00 {zone}</pubDate></item>"
        for n, zone in enumerate(["MSK", "EEST", "GMT+3", "EET", "+0300", "GMT"])
    )
    body = f"<rss version='2.0'><channel><title>O</title>{items}</channel></rss>".encode()
    hours = [e.published.hour for e in parse_feed(body, "application/rss+xml").entries]
    assert hours == [5, 5, 5, 6, 5, 8]  # in UTC


@pytest.mark.parametrize(
    "when",
    [
        "<pubDate>Fri, 31 Dec 9999 23:00:00 GMT-3</pubDate>",  # past the last year, in UTC
        "<pubDate>Mon, 01 Jan 0001 00:00:00 MSK</pubDate>",  # before the first
    ],
)
def test_an_item_dated_out_of_range_is_still_read(when: str) -> None:
    # Before, the date's overflow failed the whole feed on every poll.
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>t</title>'
        f"<link>http://a.example/1</link>{when}<description>Talks.</description></item>"
        "</channel></rss>"
    ).encode()
    [entry] = parse_feed(feed, "application/rss+xml").entries
    assert entry.summary == "Talks."


def test_a_json_feed_item_dated_year_one_east_of_utc_is_read_as_undated() -> None:
    item = {"id": "1", "url": "http://a.example/1", "title": "t", "content_text": "Talks.",
            "date_published": "0001-01-01T00:00:00+05:00"}  # fmt: skip
    feed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]})
    [entry] = parse_feed(feed.encode(), "application/feed+json").entries
    assert entry.published is None


def test_a_description_escaped_twice_is_read_as_plain_text() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>t</title>'
        b"<link>http://a.example/1</link><description>Truce &amp;lt;em&amp;gt;holds&amp;lt;/em"
        b"&amp;gt; &amp;amp;quot;for now&amp;amp;quot;</description></item></channel></rss>"
    )
    [entry] = parse_feed(feed, "application/rss+xml").entries
    assert entry.summary == 'Truce holds "for now"'


def test_html_page_and_garbage_are_not_feeds() -> None:
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(page("Home", ["Welcome."]), "text/html")
    with pytest.raises(FeedParseError):
        parse_feed(b"\x00\x01 not xml at all {", "application/octet-stream")


def test_topic_file_is_validated(tmp_path: Path) -> None:
    assert TOPIC.key == "ceasefire"
    assert TOPIC.negatives
    bad = tmp_path / "t.toml"
    bad.write_text('name = "X"\nkey = "x"\ndescription = "d"\nkeywords = []\n')
    with pytest.raises(TopicError, match="keywords"):
        load_topic(bad)


def test_keywords_match_whole_words_and_weak_words_only_whole() -> None:
    hits = keyword_hits(TOPIC, "Truce monitors", "international trucemonitors met; talkshow")
    assert "truce" in hits.strong
    assert hits.weak == ()
    assert not keyword_hits(TOPIC, "Library opens", "Books and a cafe").passes_gate
    assert keyword_hits(TOPIC, "", "Cease fire agreed in Kyiv").focus == ("Kyiv",)


def test_passages_start_with_title_and_lead_then_chunks() -> None:
    passages = scoring_passages("Talks open", " ".join(CEASEFIRE * 3))
    assert passages[0].startswith("Talks open. Negotiators")
    assert len(passages) > 2
    assert all(len(p) < 1200 for p in passages)


def test_contrast_score_prefers_the_description_over_look_alikes() -> None:
    vectors = TopicVectors(np.array([1, 0], np.float32), np.array([[0, 1]], np.float32))
    on = np.array([[0.9, 0.1]], np.float32)
    off = np.array([[0.2, 0.9]], np.float32)
    assert contrast_score(on, vectors) > 0 > contrast_score(off, vectors)
    gate = keyword_hits(TOPIC, "Truce", "")
    assert is_relevant(gate, 0.1, 0.0)
    assert not is_relevant(gate, -0.1, 0.0)
    assert not is_relevant(gate, None, 0.0)


def test_extraction_keeps_the_article_and_drops_the_chrome() -> None:
    text = extract_text(page("Talks open", CEASEFIRE).decode(), "https://x.example/a")
    assert "30-day truce" in text
    assert "All rights reserved" not in text
    assert needs_full_text("short snippet")
    assert not needs_full_text(text)


@pytest.mark.parametrize(
    ("page_title", "shown"),
    [
        ("Talks open in Geneva | Kyiv Herald", "Talks open in Geneva"),
        ("Talks open in Geneva - KYIV HERALD", "Talks open in Geneva"),
        ("Talks open in Geneva - live updates", "Talks open in Geneva - live updates"),
        ("Kyiv Herald", "Kyiv Herald"),  # nothing would be left
    ],
)
def test_a_pages_headline_loses_the_sites_name_it_ends_with(page_title: str, shown: str) -> None:
    html = (
        page(page_title, CEASEFIRE)
        .decode()
        .replace("<head>", '<head><meta property="og:site_name" content="Kyiv Herald">')
    )
    text, title = extract_page(html, "https://x.example/a")
    assert "30-day truce" in text
    assert title == shown
