"""Serving made-up outlets on the loopback news site, and counting what ingestion stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.storage.feeds import list_feeds
from bot.storage.story_writes import NewArticle
from tests.ingest.feeds import CEASEFIRE, Item, page, rss
from tests.servers.news_site import NewsSite, Route


def serve_feed(site: NewsSite, path: str, title: str, items: list[Item], **route) -> str:
    return site.route(
        path, Route(body=rss(title, items), content_type="application/rss+xml", **route)
    )


def serve_story(site: NewsSite, path: str, title: str, paragraphs: list[str]) -> Item:
    url = site.route(path, Route(body=page(title, paragraphs)))
    return Item(title=title, link=url, description=paragraphs[0][:80], guid=path)


def stored_talks(
    url: str,
    *,
    feed_id: int | None = None,
    guid: str | None = None,
    published_at: datetime | None = None,
) -> NewArticle:
    """The Geneva talks report as ingestion stores it before placing it: on topic, no story."""
    return NewArticle(
        feed_id=feed_id,
        url=url,
        canonical_url=url,
        guid=guid,
        title="Cease-fire talks open in Geneva",
        text=" ".join(CEASEFIRE),
        content_hash=None,
        published_at=published_at,
        relevance=0.5,
        on_topic=True,
    )


def health(database, url: str):
    return next(f for f in list_feeds(database) if f.url == url)


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0
