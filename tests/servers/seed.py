"""Seed a database with many subscribed chats and one new story, as ingestion would write it.

Shared by the broadcast benchmark and the end-to-end kill tests.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from bot.preferences import Preferences
from bot.storage.db import Database
from bot.storage.models import Subscriber, Subscription, utcnow
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    place_article,
    save_revision,
    story_material,
)
from summarizer import KeyPoint

POINTS = (
    "Both sides agreed to exchange 300 prisoners.",
    "A second round of talks is planned in Geneva.",
)


def seed_broadcast(db: Database, subscribers: int, first_chat: int) -> int:
    """`subscribers` chats subscribed five minutes ago, then one pushable story; its id."""
    before = utcnow() - timedelta(minutes=5)
    prefs = Preferences().to_json()
    with db.session() as session:
        first_id = len(session.query(Subscriber).all()) + 1
        session.execute(
            insert(Subscriber),
            [{"chat_id": first_chat + i, "created_at": before} for i in range(subscribers)],
        )
        session.execute(
            insert(Subscription),
            [
                {
                    "subscriber_id": first_id + i,
                    "topic": "ceasefire",
                    "since": before,
                    "active": True,
                    "prefs": prefs,
                }
                for i in range(subscribers)
            ],
        )
    article_id = add_article(
        db,
        NewArticle(
            feed_id=None,
            url="https://news.example/exchange",
            canonical_url="https://news.example/exchange",
            guid=None,
            title="Delegations agree on a prisoner exchange",
            text=" ".join(POINTS),
            content_hash=None,
            published_at=None,
            relevance=0.5,
            on_topic=True,
        ),
    )
    assert article_id is not None
    story_id = place_article(db, article_id, None, topic="ceasefire", pushable=True)
    material = story_material(db, story_id)
    assert material is not None
    save_revision(db, material, [KeyPoint(p, (p,)) for p in POINTS], "extractive")
    return story_id
