"""What subscribers read from a feed or page: no hidden characters, no lost text, no mojibake."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.ingest.clean import clean_text, html_to_text
from bot.ingest.extract import extract_text
from bot.ingest.parse import parse_feed
from bot.net import FetchResult
from tests.ingest.feeds import CEASEFIRE, Item, page, rss

RLO, PDF, ZWSP, ZWJ, BOM, WJ, LRI, PDI = (
    "\u202e",
    "\u202c",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2060",
    "\u2066",
    "\u2069",
)


@pytest.mark.parametrize(
    "hidden",
    [RLO, PDF, ZWSP, ZWJ, BOM, WJ, LRI, PDI, "\u200e", "\u200f", "\u202a", "\u00ad", "\x07",
     "\x1b", "\x85", "\U000e0041"],
)  # fmt: skip
def test_invisible_and_control_characters_are_removed(hidden: str) -> None:
    assert clean_text(f"Truce{hidden} holds") == "Truce holds"


def test_newlines_and_tabs_stay_and_visible_text_is_untouched() -> None:
    text = "Перемирие\tобъявлено\nوقف إطلاق النار 🕊️ ceasefire — «talks»"
    assert clean_text(text) == text
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_a_spoofed_feed_title_reaches_subscribers_without_the_override() -> None:
    # "Talks collapse" written with an RLO so that it displays reversed.
    spoofed = f"Talks {RLO}espalloc{PDF} in Geneva{ZWSP}"
    body = rss(
        f"Outlet{BOM}", [Item(spoofed, "https://x.example/1", f"Delegations{WJ} met {LRI}x{PDI}")]
    )
    feed = parse_feed(body, "application/rss+xml")
    entry = feed.entries[0]
    assert entry.title == "Talks espalloc in Geneva"
    assert entry.summary == "Delegations met x"
    assert feed.title == "Outlet"


def test_a_page_text_is_cleaned_too() -> None:
    paragraphs = [p.replace("Geneva", f"Gen{ZWSP}eva{RLO}") for p in CEASEFIRE]
    text = extract_text(page("Talks in Geneva", paragraphs).decode())
    assert "Geneva" in text
    assert RLO not in text
    assert ZWSP not in text


@pytest.mark.parametrize(
    ("markup", "plain"),
    [
        ("truce <3 > 2", "truce <3 > 2"),
        ("a < b and c > d", "a < b and c > d"),
        ("talks <Geneva> resume", "talks <Geneva> resume"),
        ("5<6", "5<6"),
        ("<b>Talks</b> resume &amp; <i>continue</i>", "Talks resume & continue"),
        ("<p>one</p><p>two<br>three</p>", "one\ntwo\nthree"),
        ("cease<em>fire</em>", "ceasefire"),
        ("text<script>alert(1)</script> after", "text after"),
        ("a <!-- note --> b", "a b"),
        ("&lt;3 and &#x202E;hidden", "<3 and hidden"),
    ],
)
def test_only_real_html_tags_are_removed_from_plain_text(markup: str, plain: str) -> None:
    assert html_to_text(markup) == plain


def test_a_heart_in_a_feed_title_and_description_is_kept() -> None:
    body = rss("Outlet", [Item("truce <3 > 2", "https://x.example/1", "truce <3 > 2 <b>ok</b>")])
    entry = parse_feed(body, "application/rss+xml").entries[0]
    assert entry.title == "truce <3 > 2"
    assert entry.summary == "truce <3 > 2 ok"


def _feed_with_one_bad_byte(declaration: str) -> bytes:
    good = rss("Вести", [Item("Перемирие в Газе продлено", "https://x.example/1", "Переговоры")])
    good = good.replace(b'encoding="utf-8"', declaration.encode())
    return good.replace("продлено".encode(), "продлено".encode() + b"\xff")


def test_one_invalid_byte_costs_one_character_not_the_whole_feed() -> None:
    feed = parse_feed(_feed_with_one_bad_byte('encoding="utf-8"'), "application/rss+xml")
    assert feed.title == "Вести"
    assert feed.entries[0].title == "Перемирие в Газе продлено\ufffd"
    assert feed.entries[0].summary == "Переговоры"


def test_the_http_charset_wins_over_the_xml_declaration() -> None:
    body = rss("Вести", [Item("Перемирие", "https://x.example/1")], encoding="koi8-r")
    body = body.replace(b'encoding="koi8-r"', b'encoding="utf-8"')
    feed = parse_feed(body, "application/rss+xml; charset=KOI8-R")
    assert feed.entries[0].title == "Перемирие"


def test_a_feed_without_any_declaration_in_a_single_byte_charset_is_still_read() -> None:
    body = rss("Nachrichten", [Item("Friedensgespräche in Genf", "https://x.example/1")])
    body = body.replace(b' encoding="utf-8"', b"").replace("ä".encode(), "ä".encode("latin-1"))
    feed = parse_feed(body, "text/xml")
    assert feed.entries[0].title.startswith("Friedensgespr")
    assert "Genf" in feed.entries[0].title


def test_a_page_with_one_invalid_byte_keeps_its_declared_charset() -> None:
    html = (
        "<html><head><meta charset='utf-8'></head><body><p>Die Friedensgespräche über die "
        "Waffenruhe in Genf wurden am Dienstag fortgesetzt.</p></body></html>"
    ).encode()
    html = html.replace(b"Genf", b"Genf\xff")
    result = FetchResult(
        "http://x/", 200, httpx.Headers({"content-type": "text/html; charset=utf-8"}), html
    )
    assert "Die Friedensgespräche über die Waffenruhe in Genf\ufffd wurden" in result.text()


def _fetched(body: bytes, charset: str) -> FetchResult:
    return FetchResult(
        "http://x/", 200, httpx.Headers({"content-type": f"text/html; charset={charset}"}), body
    )


def test_a_windows_1251_page_declared_utf8_reads_in_cyrillic() -> None:
    html = "<html><body><p>Переговоры о перемирии возобновятся в Женеве.</p></body></html>"
    assert "Переговоры о перемирии возобновятся" in _fetched(html.encode("cp1251"), "utf-8").text()


def test_an_english_utf8_page_with_one_stray_byte_keeps_its_quotes_and_loses_that_byte() -> None:
    # One well-formed character against one broken byte: not enough to read it as cp1252.
    body = "<p>Ukraine’s envoy met the mediators in Geneva.</p>".encode()
    text = _fetched(body.replace(b"Geneva", b"Gen\xe8va"), "utf-8").text()
    assert "Ukraine’s envoy met the mediators in Gen\ufffdva." in text


def test_a_utf8_page_declared_latin1_with_one_stray_byte_loses_only_that_byte() -> None:
    html = "<p>Die Friedensgespräche über die Waffenruhe in Genf wurden fortgesetzt.</p>"
    body = html.encode().replace(b"Genf", b"Genf\xff")
    text = _fetched(body, "iso-8859-1").text()
    assert "Die Friedensgespräche über die Waffenruhe in Genf\ufffd wurden" in text


ENVOY = "Zelenskyy’s envoy says cease-fire talks will resume in Geneva"
TALKS = "Переговоры о перемирии возобновятся в Женеве"


def _json_feed(title: str) -> str:
    item = {"id": "1", "url": "https://x.example/envoy", "title": title}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Kyiv Daily", "items": [item]}
    return json.dumps(feed, ensure_ascii=False)


@pytest.mark.parametrize(
    "content_type", ["application/feed+json", "application/feed+json; charset=utf-8", ""]
)
def test_a_json_feed_sent_in_windows_1252_reaches_readers_as_written(content_type: str) -> None:
    body = _json_feed(ENVOY).encode("cp1252")
    assert parse_feed(body, content_type).entries[0].title == ENVOY


@pytest.mark.parametrize(
    ("title", "encoding", "content_type"),
    [
        pytest.param(ENVOY, "utf-8", "application/feed+json", id="utf-8"),
        pytest.param(ENVOY, "utf-8-sig", "application/json", id="utf-8 with a BOM"),
        pytest.param(TALKS, "utf-8", "application/json; charset=utf-8", id="utf-8 declared"),
        pytest.param(TALKS, "utf-8", "application/json; charset=iso-8859-1", id="as latin-1"),
        pytest.param(TALKS, "cp1251", "application/json; charset=windows-1251", id="windows-1251"),
    ],
)
def test_a_json_feed_in_the_charset_it_declares_or_utf8_reads_as_written(
    title: str, encoding: str, content_type: str
) -> None:
    body = _json_feed(title).encode(encoding)
    assert parse_feed(body, content_type).entries[0].title == title


WORDPRESS_EXCERPT = (
    "<p>Ukraine said it would back a 30-day ceasefire. Rubio said the ball was in [&#8230;]</p>"
    '<p>The post <a href="https://x.example/1">Ukraine backs truce</a> appeared first on '
    '<a href="https://x.example/">Kyiv Daily</a>.</p>'
)


def test_a_cut_feed_excerpt_ends_in_an_ellipsis_without_the_cms_line_after_it() -> None:
    feed = parse_feed(
        rss("Kyiv Daily", [Item("Ukraine backs truce", "https://x.example/1", WORDPRESS_EXCERPT)])
    )
    assert feed.entries[0].summary == (
        "Ukraine said it would back a 30-day ceasefire. Rubio said the ball was in…"
    )


@pytest.mark.parametrize(
    ("description", "text"),
    [
        ("<p>Envoys met in Jeddah.</p><p><a href='https://x.example/1'>Continue reading →</a></p>",
         "Envoys met in Jeddah."),
        ("Envoys met in Jeddah. Read more »", "Envoys met in Jeddah."),
        ("<p>Делегации встретились в Джидде.</p><p>Читать далее</p>",
         "Делегации встретились в Джидде."),
        ("<p>Делегації зустрілися в Джидді.</p><p>Детальніше...</p>",
         "Делегації зустрілися в Джидді."),
    ],
)  # fmt: skip
def test_read_more_links_do_not_become_part_of_the_report(description: str, text: str) -> None:
    feed = parse_feed(rss("Outlet", [Item("Talks", "https://x.example/1", description)]))
    assert feed.entries[0].summary == text


def test_the_same_words_inside_a_report_are_the_reports_own() -> None:
    description = (
        "<p>Read more about the plan: envoys met in Jeddah.</p>"
        "<p>The post of envoy appeared first on the agenda, officials said.</p>"
        "<p>Talks resume on Friday.</p>"
    )
    feed = parse_feed(rss("Outlet", [Item("Talks", "https://x.example/1", description)]))
    assert feed.entries[0].summary == (
        "Read more about the plan: envoys met in Jeddah.\n"
        "The post of envoy appeared first on the agenda, officials said.\n"
        "Talks resume on Friday."
    )
