"""Feeds and stories repositories: what the bot's handlers and the ingestor rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from bot.storage.db import Database
from bot.storage.feeds import (
    add_feed,
    backoff_delay,
    due_feeds,
    list_feeds,
    record_failure,
    record_success,
    remove_feed,
    sync_feeds,
)
from bot.storage.stories import (
    NewArticle,
    add_article,
    attach_article,
    create_story,
    get_story,
    latest_stories,
    recent_stories,
    stories_by_ids,
)

NOW = datetime(2025, 3, 11, 12, tzinfo=UTC)


def article(n: int, feed_id: int | None = None, **extra: object) -> NewArticle:
    values: dict[str, object] = {
        "feed_id": feed_id,
        "url": f"https://news.example/{n}",
        "canonical_url": f"https://news.example/{n}",
        "guid": f"g{n}",
        "title": f"Title {n}",
        "text": f"Body {n} " * 50,
        "content_hash": f"{n:064d}",
        "published_at": NOW,
        "relevance": 0.2,
        "on_topic": True,
    }
    values.update(extra)
    return NewArticle(**values)  # type: ignore[arg-type]


def test_feeds_are_added_removed_and_synced_without_reviving_removed_ones(
    database: Database,
) -> None:
    assert add_feed(database, "https://a.example/rss")
    assert not add_feed(database, "https://a.example/rss")
    assert remove_feed(database, "https://a.example/rss")
    assert not remove_feed(database, "https://a.example/rss")
    assert sync_feeds(database, ["https://a.example/rss", "https://b.example/rss"]) == 1
    assert [f.url for f in list_feeds(database)] == ["https://b.example/rss"]


def test_failures_back_off_and_success_clears_them(database: Database) -> None:
    sync_feeds(database, ["https://a.example/rss"])
    [state] = due_feeds(database, NOW)
    assert state.first_poll
    interval = timedelta(minutes=5)
    first = record_failure(database, state.id, "HTTP 500", interval, NOW)
    second = record_failure(database, state.id, "HTTP 500", interval, NOW)
    assert first == NOW + interval
    assert second == NOW + 2 * interval
    assert due_feeds(database, NOW) == []
    assert len(due_feeds(database, NOW, ignore_backoff=True)) == 1
    [health] = list_feeds(database)
    assert not health.healthy
    assert (health.consecutive_errors, health.last_error) == (2, "HTTP 500")
    record_success(database, state.id, title="A", etag='"e"', now=NOW)
    [health] = list_feeds(database)
    assert health.healthy
    assert health.title == "A"
    assert not due_feeds(database, NOW)[0].first_poll


def test_backoff_is_capped() -> None:
    assert backoff_delay(30, timedelta(minutes=5)) == timedelta(hours=6)


def test_an_article_is_stored_once_by_url_guid_or_content(database: Database) -> None:
    sync_feeds(database, ["https://a.example/rss"])
    feed_id = due_feeds(database, NOW)[0].id
    assert add_article(database, article(1, feed_id)) is not None
    assert add_article(database, article(1, feed_id)) is None
    same_guid = article(2, feed_id, guid="g1", content_hash=None)
    assert add_article(database, same_guid) is None
    same_text = article(3, feed_id, content_hash=f"{1:064d}")
    assert add_article(database, same_text) is None


def test_stories_keep_their_key_points_evidence_and_all_sources(database: Database) -> None:
    first = add_article(database, article(1))
    second = add_article(database, article(2))
    assert first is not None
    assert second is not None
    vector = np.ones(4, dtype=np.float32) / 2
    story_id = create_story(
        database,
        topic="ceasefire",
        article_id=first,
        title="Talks open",
        embedding=vector,
        pushable=True,
        key_points=[("Talks opened.", ["Talks opened in Geneva on Tuesday."])],
        summary_backend="extractive",
    )
    attach_article(database, story_id, second, best=False)

    story = get_story(database, story_id)
    assert story is not None
    assert [(k.text, k.evidence) for k in story.key_points] == [
        ("Talks opened.", ("Talks opened in Geneva on Tuesday.",))
    ]
    assert [s.outlet for s in story.sources] == ["news.example", "news.example"]
    assert [s.id for s in latest_stories(database, 5)] == [story_id]
    assert latest_stories(database, 5, topic="other") == []
    assert [s.id for s in stories_by_ids(database, [story_id, 999])] == [story_id]
    [recent] = recent_stories(database, "ceasefire", NOW - timedelta(days=3650))
    assert np.allclose(recent.embedding, vector)
