"""Dedup keys and clustering decisions, without servers or models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.ingest.dedup import (
    StoryCandidate,
    canonical_url,
    choose_story,
    content_hash,
    is_better_source,
    title_similarity,
)

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
    ],
)  # fmt: skip
def test_canonical_url_drops_tracking_fragments_and_mobile_hosts(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_content_hash_ignores_case_punctuation_and_spacing() -> None:
    text = "Talks on a cease-fire opened in Geneva on Tuesday. " * 10
    assert content_hash("A", text) == content_hash("B", text.upper().replace(".", " ."))
    assert content_hash("A", text) != content_hash("A", text + " More.")
    assert content_hash("", "too short") is None


def test_title_similarity_sees_rewritten_headlines() -> None:
    assert (
        title_similarity("Cease-fire talks open in Geneva", "Ceasefire talks open in Geneva") > 0.8
    )
    assert title_similarity("Cease-fire talks open in Geneva", "Library opens") < 0.5


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_article_joins_the_closest_story_within_the_window() -> None:
    stories = [
        StoryCandidate(1, "Talks open", unit(1, 0, 0), NOW),
        StoryCandidate(2, "Talks close", unit(1, 0.1, 0), NOW - timedelta(hours=1)),
        StoryCandidate(3, "Old talks", unit(1, 0, 0), NOW - timedelta(days=5)),
    ]
    window = timedelta(hours=48)
    assert choose_story(unit(1, 0.02, 0), "x", NOW, stories, 0.8, window) == 1
    assert choose_story(unit(0, 0, 1), "x", NOW, stories, 0.8, window) is None
    assert choose_story(unit(1, 0, 0), "x", NOW, stories[2:], 0.8, window) is None


def test_a_similar_title_lowers_the_bar_a_little() -> None:
    story = [StoryCandidate(1, "Cease-fire talks open in Geneva", unit(1, 0, 0), NOW)]
    article = unit(1, 0.85, 0)  # cosine ~0.76
    window = timedelta(hours=48)
    assert choose_story(article, "Library opens", NOW, story, 0.8, window) is None
    assert choose_story(article, "Ceasefire talks open in Geneva", NOW, story, 0.8, window) == 1


def test_a_source_is_better_only_with_clearly_more_text() -> None:
    assert is_better_source("x" * 10, None)
    assert is_better_source("x" * 130, "x" * 100)
    assert not is_better_source("x" * 110, "x" * 100)
