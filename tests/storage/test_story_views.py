"""Stories as the bot shows them, read back from storage: disputed figures stay marked, times
are plausible, and links keep the outlet's scheme."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.stories import get_story, latest_stories, point_from_json, point_to_json
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    place_article,
    save_revision,
    story_material,
)
from summarizer import KeyPoint

LOW = "About 25,000 people have been displaced, officials said."
HIGH = "About 40,000 people have been displaced, officials said."
TRUCE = KeyPoint("A truce was agreed.", ("A truce was agreed.",), ("news.example",))


def _article(n: int, url: str = "", **extra: object) -> NewArticle:
    values: dict[str, object] = {
        "feed_id": None,
        "url": url or f"https://news.example/{n}",
        "canonical_url": f"https://news.example/{n}",
        "guid": None,
        "title": f"Title {n}",
        "text": f"Body {n} " * 50,
        "content_hash": None,
        "published_at": None,
        "relevance": 0.5,
        "on_topic": True,
    }
    values.update(extra)
    return NewArticle(**values)  # type: ignore[arg-type]


def _story(db: Database, articles: list[NewArticle], points: list[KeyPoint]) -> int:
    story_id: int | None = None
    for article in articles:
        article_id = add_article(db, article)
        assert article_id is not None
        story_id = place_article(db, article_id, story_id, topic="ceasefire", pushable=True)
    assert story_id is not None
    _revise(db, story_id, points)
    return story_id


def _revise(db: Database, story_id: int, points: list[KeyPoint]) -> None:
    material = story_material(db, story_id)
    assert material is not None
    assert save_revision(db, material, points, "extractive") is not None


def test_both_versions_of_a_disputed_figure_stay_marked_after_storage(database: Database) -> None:
    fewer = KeyPoint(LOW, (LOW,), ("a.example",), (HIGH,))
    more = KeyPoint(HIGH, (HIGH,), ("b.example",), (LOW,))
    story_id = _story(database, [_article(1), _article(2)], [TRUCE, fewer, more])
    story = get_story(database, story_id)
    assert story is not None
    assert story.key_points == [TRUCE, fewer, more]
    # The next summarizing pass gets them back as the points already shown.
    material = story_material(database, story_id)
    assert material is not None
    assert material.previous == [TRUCE, fewer, more]


def test_points_stored_before_rivals_were_marked_still_load() -> None:
    old = {"text": LOW, "evidence": [LOW], "outlets": ["a.example"]}
    assert point_from_json(old) == KeyPoint(LOW, (LOW,), ("a.example",))
    assert point_to_json(point_from_json(old)) == old


def test_a_story_moves_only_when_a_later_report_changes_its_points(database: Database) -> None:
    story_id = _story(database, [_article(1)], [TRUCE])
    first = get_story(database, story_id)
    assert first is not None
    assert first.moved_at is None
    _revise(database, story_id, [TRUCE])  # a pass that finds nothing new
    assert (again := get_story(database, story_id)) is not None
    assert again.moved_at is None
    news = KeyPoint("Moscow will study it.", ("Moscow will study it.",), ("news.example",))
    _revise(database, story_id, [TRUCE, news])
    [moved] = latest_stories(database, 1)
    assert moved.moved_at is not None
    assert moved.moved_at == moved.updated_at
    assert moved.moved_at >= first.updated_at


def test_latest_lists_a_backlog_story_by_its_news_time_until_it_moves(database: Database) -> None:
    fresh = _story(database, [_article(1)], [TRUCE])
    # Found after the fresh one, e.g. on a newly added feed, but it came out 40 hours ago.
    old_news = add_article(database, _article(2))
    assert old_news is not None
    backlog = place_article(
        database,
        old_news,
        None,
        topic="ceasefire",
        pushable=True,
        shown_at=utcnow() - timedelta(hours=40),
    )
    _revise(database, backlog, [TRUCE])
    assert [s.id for s in latest_stories(database, 2)] == [fresh, backlog]
    # A later report with news moves it to the top, shown as updated now.
    news = KeyPoint("Moscow will study it.", ("Moscow will study it.",), ("news.example",))
    _revise(database, backlog, [TRUCE, news])
    assert [s.id for s in latest_stories(database, 2)] == [backlog, fresh]


def test_each_source_shows_the_time_clustering_placed_it_by(database: Database) -> None:
    earlier = utcnow() - timedelta(hours=5)
    dated = add_article(database, _article(1, published_at=earlier - timedelta(days=9)))
    undated = add_article(database, _article(2))
    assert dated is not None
    assert undated is not None
    before = utcnow()
    story_id = place_article(
        database, dated, None, topic="ceasefire", pushable=True, shown_at=earlier
    )
    place_article(database, undated, story_id, topic="ceasefire", pushable=True)
    _revise(database, story_id, [TRUCE])

    story = get_story(database, story_id)
    assert story is not None
    first, second = (_aware(s.published_at) for s in story.sources)
    assert abs(first - earlier) < timedelta(seconds=1)  # not the feed's own, older date
    assert before - timedelta(seconds=5) <= second <= utcnow()  # no time given: when seen
    assert story.published_at is not None
    assert abs(_aware(story.published_at) - earlier) < timedelta(seconds=1)


def test_links_keep_the_outlets_scheme_lose_tracking_and_appear_once(database: Database) -> None:
    plain = _article(1, "http://old-radio.example/news/7?id=7&utm_source=rss&fbclid=x")
    again = _article(2, "https://old-radio.example/news/7?id=7", content_hash="other")
    secure = _article(3, "https://news.example/3?utm_medium=feed")
    story_id = _story(database, [plain, again, secure], [TRUCE])
    story = get_story(database, story_id)
    assert story is not None
    assert [s.url for s in story.sources] == [
        "http://old-radio.example/news/7?id=7",
        "https://news.example/3",
    ]


def _aware(moment: datetime | None) -> datetime:
    """SQLite hands times back without their zone; they are UTC."""
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
