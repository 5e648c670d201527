"""Feeds and stories repositories: what the bot's handlers and the ingestor rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.preferences import Preferences
from bot.storage.corrections import correct_article
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
from bot.storage.models import Article, Feed, Story, StoryRevision, Subscriber, Subscription
from bot.storage.stories import (
    get_story,
    latest_stories,
    point_to_json,
    stories_by_ids,
    story_timeline,
)
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    cluster_candidates,
    dirty_stories,
    place_article,
    save_revision,
    story_material,
    unplaced_articles,
)
from bot.storage.subscribers import get_subscription, subscribe
from summarizer import KeyPoint
from tests.storage.peer import racing_a_peer

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
    assert sync_feeds(database, ["https://a.example/rss", "https://b.example/rss"]) == (1, 0)
    assert [f.url for f in list_feeds(database)] == ["https://b.example/rss"]


def test_a_feed_dropped_from_settings_stops_being_polled_but_admin_feeds_stay(
    database: Database,
) -> None:
    sync_feeds(database, ["https://a.example/rss", "https://b.example/rss"])
    add_feed(database, "https://admin.example/rss")
    assert sync_feeds(database, ["https://b.example/rss"]) == (0, 1)
    assert [f.url for f in due_feeds(database, NOW)] == [
        "https://b.example/rss",
        "https://admin.example/rss",
    ]


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


def test_a_listing_without_links_marks_the_feed_until_one_has_them(database: Database) -> None:
    sync_feeds(database, ["https://a.example/rss"])
    [state] = due_feeds(database, NOW)
    marks = []
    for links_missing in (True, None, False):  # None: answered 304, the listing is the same
        record_success(database, state.id, links_missing=links_missing, now=NOW)
        [health] = list_feeds(database)
        marks.append((health.healthy, health.links_missing, health.next_poll_at))
    assert marks == [(False, True, None), (False, True, None), (True, False, None)]


def test_a_first_listing_the_cap_cut_short_is_backlog_until_later_polls_took_up_as_many(
    database: Database,
) -> None:
    # 5 entries at a cap of 2: the first poll leaves 3; every later poll reads 2 (new ones
    # first, as the outlet keeps publishing), so the third poll is the backlog's last.
    sync_feeds(database, ["https://a.example/rss"])
    [state] = due_feeds(database, NOW)
    firsts = []
    for n, (read, unread) in enumerate([(2, 3), (2, 3), (2, 3), (2, 3)]):
        record_success(database, state.id, backlog_read=False, read=read, unread=unread,
                       left_unread=True, now=NOW + timedelta(minutes=n))  # fmt: skip
        firsts.append(due_feeds(database, NOW + timedelta(hours=1))[0].first_poll)
    assert firsts == [True, True, False, False]

    sync_feeds(database, ["https://a.example/rss", "https://b.example/rss"])
    fits = due_feeds(database, NOW)[1]  # a first listing within the cap: one backlog poll
    record_success(database, fits.id, read=2, now=NOW)
    assert not due_feeds(database, NOW)[1].first_poll


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


def test_a_story_grows_by_revisions_that_keep_history(database: Database) -> None:
    first = add_article(database, article(1, embedding=np.ones(4, dtype=np.float32) / 2))
    second = add_article(database, article(2))
    assert first is not None
    assert second is not None
    assert [a.id for a in unplaced_articles(database)] == [first, second]

    story_id = place_article(database, first, None, topic="ceasefire", pushable=True)
    assert dirty_stories(database) == [story_id]
    assert latest_stories(database, 5) == []  # no key points yet: nothing to show
    material = story_material(database, story_id)
    assert material is not None
    opened = KeyPoint("Talks opened.", ("Talks opened in Geneva on Tuesday.",), ("news.example",))
    assert save_revision(database, material, [opened], "extractive") == 1
    assert dirty_stories(database) == []

    assert place_article(database, second, story_id, topic="ceasefire", pushable=True) == story_id
    assert unplaced_articles(database) == []
    material = story_material(database, story_id)
    assert material is not None
    assert material.previous == [opened]
    moscow = KeyPoint("Moscow will study it.", ("Moscow will study it.",), ("news.example",))
    assert save_revision(database, material, [opened, moscow], "extractive") == 2
    # A second writer holding the old material does not overwrite the newer revision.
    assert save_revision(database, material, [opened], "extractive") is None

    story = get_story(database, story_id)
    assert story is not None
    assert [k.text for k in story.key_points] == ["Talks opened.", "Moscow will study it."]
    assert story.key_points[0].evidence == ("Talks opened in Geneva on Tuesday.",)
    assert story.outlet_count == 1
    assert [s.url for s in story.sources] == ["https://news.example/1", "https://news.example/2"]
    timeline = story_timeline(database, story_id)
    assert [(t.number, t.new_points) for t in timeline] == [
        (1, ("Talks opened.",)),
        (2, ("Moscow will study it.",)),
    ]
    assert [s.id for s in latest_stories(database, 5)] == [story_id]
    assert latest_stories(database, 5, topic="other") == []
    assert [s.id for s in stories_by_ids(database, [story_id, 999])] == [story_id]
    [candidate] = cluster_candidates(database, "ceasefire", NOW - timedelta(1))
    assert candidate.story_id == story_id
    assert {a.id for a in candidate.articles} == {first, second}


def test_a_story_that_gains_an_article_while_summarized_stays_queued(database: Database) -> None:
    first = add_article(database, article(1))
    second = add_article(database, article(2))
    assert first is not None
    assert second is not None
    story_id = place_article(database, first, None, topic="ceasefire", pushable=True)
    material = story_material(database, story_id)
    assert material is not None
    place_article(database, second, story_id, topic="ceasefire", pushable=True)
    save_revision(database, material, [KeyPoint("A.", ("A.",))], None)
    assert dirty_stories(database) == [story_id]


def test_two_processes_summarizing_one_story_at_once_write_one_revision_quietly(
    database: Database,
) -> None:
    first = add_article(database, article(1))
    assert first is not None
    story_id = place_article(database, first, None, topic="ceasefire", pushable=True)
    mine = story_material(database, story_id)
    assert mine is not None
    point = KeyPoint("Talks opened.", ("Talks opened.",))

    def peer_writes_revision_1(peer: Session) -> None:
        peer.add(
            StoryRevision(
                story_id=story_id,
                number=1,
                created_at=NOW,
                key_points=[point_to_json(point)],
                new_points=[point.text],
                outlets=[],
                article_count=1,
            )
        )
        peer.get_one(Story, story_id).revision = 1

    ours = racing_a_peer(
        database, peer_writes_revision_1, lambda: save_revision(database, mine, [point], None)
    )

    assert ours is None  # no error: the peer's revision stands
    assert [t.number for t in story_timeline(database, story_id)] == [1]


def test_two_processes_storing_one_syndicated_url_at_once_store_it_once(
    database: Database,
) -> None:
    def peer_stores(peer: Session) -> None:
        peer.add(Article(url="https://news.example/1", canonical_url="https://news.example/1"))

    assert racing_a_peer(database, peer_stores, lambda: add_article(database, article(1))) is None
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_chat_subscribing_through_two_processes_at_once_is_subscribed_once(
    database: Database,
) -> None:
    def peer_subscribes(peer: Session) -> None:
        subscriber = Subscriber(chat_id=42, created_at=NOW)
        peer.add(subscriber)
        peer.flush()
        peer.add(
            Subscription(
                subscriber_id=subscriber.id,
                topic="ceasefire",
                active=True,
                since=NOW,
                prefs=Preferences().to_json(),
            )
        )

    assert racing_a_peer(database, peer_subscribes, lambda: subscribe(database, 42, NOW)) is False
    info = get_subscription(database, 42)
    assert info is not None
    assert info.active


def test_processes_starting_together_follow_each_configured_feed_once(
    database: Database,
) -> None:
    url = "https://news.example/feed.xml"

    def peer_syncs(peer: Session) -> None:
        peer.add(Feed(url=url, enabled=True, origin="settings"))

    assert racing_a_peer(database, peer_syncs, lambda: sync_feeds(database, [url])) == (0, 0)
    assert [f.url for f in list_feeds(database)] == [url]


def test_a_report_stored_early_but_placed_late_is_news_to_the_next_revision(
    database: Database,
) -> None:
    # A crash (or another process) left the first-stored report unplaced for a while.
    early, late = add_article(database, article(1)), add_article(database, article(2))
    assert early is not None
    assert late is not None
    story_id = place_article(database, late, None, topic="ceasefire", pushable=True)
    material = story_material(database, story_id)
    assert material is not None
    save_revision(database, material, [KeyPoint("A.", ("A.",))], None)

    place_article(database, early, story_id, topic="ceasefire", pushable=True)

    material = story_material(database, story_id)
    assert material is not None
    assert material.known_articles == 1
    urls = [a.url for a in material.articles]
    assert urls == ["https://news.example/2", "https://news.example/1"]  # the new one last


def test_a_correction_is_summarized_once_as_news_and_kept_in_the_storys_history(
    database: Database,
) -> None:
    first = add_article(database, article(1, text="Lestovia freed 390 prisoners. " * 10))
    other = add_article(database, article(2))
    assert first is not None
    assert other is not None
    story_id = place_article(database, first, None, topic="ceasefire", pushable=True)
    place_article(database, other, story_id, topic="ceasefire", pushable=True)
    old, new = "Lestovia freed 390 prisoners.", "Lestovia freed 307 prisoners."
    material = story_material(database, story_id)
    assert material is not None
    save_revision(database, material, [KeyPoint(old, (old,))], None)

    assert correct_article(
        database, first, title="T", text=new * 10, content_hash=None, fingerprint="f"
    )
    material = story_material(database, story_id)
    assert material is not None
    assert (material.known_articles, len(material.earlier)) == (1, 1)
    gone = "Lestovia also freed two journalists."
    save_revision(
        database, material, [KeyPoint(new, (new,), (), (), (old,))], None, withdrawn=[gone]
    )

    story = get_story(database, story_id)
    assert story is not None
    assert [p.replaces for p in story.key_points] == [(old,)]
    assert story.withdrawn == (gone,)
    assert [e.withdrawn for e in story_timeline(database, story_id)] == [(), (gone,)]
    assert [e.corrections for e in story_timeline(database, story_id)] == [
        (),
        (KeyPoint(new, (new,), (), (), (old,)),),
    ]
    material = story_material(database, story_id)  # read: nothing is news any more
    assert material is not None
    assert (material.known_articles, material.earlier) == (2, [])
    with database.session() as session:
        assert session.get_one(Story, story_id).dirty is False
