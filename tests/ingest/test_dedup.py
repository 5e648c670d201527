"""Dedup keys: when two reports are the same article, without servers or models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.dedup import canonical_url, content_hash

NOW = datetime(2025, 3, 11, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.News.example/a/b/?utm_source=rss&utm_medium=x#comments", "https://news.example/a/b"),
        ("http://m.news.example/a?b=2&a=1&fbclid=xyz&gclid=1", "https://news.example/a?a=1&b=2"),
        ("https://amp.news.example/world/story/amp", "https://news.example/world/story"),
        ("https://mobile.news.example:443/x?ref=tw", "https://news.example/x"),
        ("https://news.example:8080/x", "https://news.example:8080/x"),
        ("https://m.co/x", "https://m.co/x"),
        # Some sites number their articles with these: two articles, not one.
        ("https://news.example/news.php?cid=101", "https://news.example/news.php?cid=101"),
        ("https://news.example/item?src=7&utm_source=rss", "https://news.example/item?src=7"),
    ],
)  # fmt: skip
def test_canonical_url_drops_tracking_fragments_and_mobile_hosts(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_content_hash_ignores_case_punctuation_and_spacing() -> None:
    text = "Talks on a cease-fire opened in Geneva on Tuesday. " * 10
    assert content_hash("A", text) == content_hash("B", text.upper().replace(".", " ."))
    assert content_hash("A", text) != content_hash("A", text + " More.")
    assert content_hash("", "too short") is None
