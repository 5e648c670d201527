"""Fixtures for the bot's tests: a loopback Bot API, a migrated SQLite database, the app."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from telegram import Update

from bot.app import build_application
from bot.context import BotApp
from bot.delivery.sender import Sender
from bot.ingest.topic import load_topic
from bot.preferences import Preferences
from bot.services import Services
from bot.storage.db import Database
from bot.storage.models import Story, utcnow
from bot.storage.stories import stories_by_ids
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    place_article,
    save_revision,
    story_material,
)
from bot.storage.subscribers import get_subscription
from config import Settings
from summarizer import KeyPoint
from tests.servers.telegram_api import BotApiServer, SentMessage

# PTB warns when a RetryAfter is built unless this opt-in is set, and warnings fail the tests.
os.environ.setdefault("PTB_TIMEDELTA", "true")

TOKEN = "123456:" + "A" * 35
ADMIN_ID = 4242


@dataclass(frozen=True)
class PointView:
    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceViewT:
    outlet: str
    title: str
    url: str


@dataclass(frozen=True)
class StoryViewT:
    id: int
    title: str
    created_at: datetime
    key_points: list[PointView] = field(default_factory=list)
    sources: list[SourceViewT] = field(default_factory=list)


_urls = itertools.count()


def add_story(
    db: Database,
    title: str,
    *,
    created_at: datetime | None = None,
    pushable: bool = True,
    points: Sequence[str] = ("A key point.",),
    topic: str = "ceasefire",
    outlet: str = "",
    conflicts: Sequence[str] = (),
) -> int:
    """Store a story the way ingestion does (article, placement, revision 1); returns its id."""
    story_id = add_report(db, None, title, points=points, topic=topic, pushable=pushable,
                          conflicts=conflicts)  # fmt: skip
    if created_at is not None:
        with db.session() as session:
            session.get_one(Story, story_id).created_at = created_at
    return story_id


def add_report(
    db: Database,
    story_id: int | None,
    title: str,
    *,
    points: Sequence[str | KeyPoint],
    topic: str = "ceasefire",
    pushable: bool = True,
    conflicts: Sequence[str] = (),
    text: str = "",
) -> int:
    """Another outlet's report joins `story_id` (None: starts a story) with the story's new
    key points, written as its next revision: texts reported by this outlet, or key points
    as the story summarizer makes them (their outlets, rival versions)."""
    n = next(_urls)
    article_id = add_article(
        db,
        NewArticle(
            feed_id=None,
            url=f"https://news{n}.example/{n}",
            canonical_url=f"https://news{n}.example/{n}",
            guid=None,
            title=title,
            text=text or " ".join(p if isinstance(p, str) else p.text for p in points),
            content_hash=None,
            published_at=None,
            relevance=0.5,
            on_topic=True,
        ),
    )
    assert article_id is not None
    placed = place_article(
        db, article_id, story_id, topic=topic, pushable=pushable, conflicts=conflicts
    )
    material = story_material(db, placed)
    assert material is not None
    key_points = [
        KeyPoint(p, (p,), (f"news{n}.example",)) if isinstance(p, str) else p for p in points
    ]
    save_revision(db, material, key_points, "extractive")
    return placed


class FakeSummarizer:
    """Returns the first sentences as key points; records what it was asked."""

    def __init__(self) -> None:
        self.articles: list[object] = []

    def summarize(self, article, max_points=None):
        from summarizer import KeyPoint, Summary

        self.articles.append(article)
        sentences = [s.strip() for s in article.text.split(".") if s.strip()][:3]
        return Summary(tuple(KeyPoint(s + ".", (s + ".",)) for s in sentences), "extractive")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as api:
        yield api


@pytest.fixture
def settings(server: BotApiServer, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=server.base_url,
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
        admin_ids=[ADMIN_ID],
        fetch_allowed_hosts=["127.0.0.1"],
        feeds=[],
    )


@pytest.fixture
async def services(settings: Settings, db: Database) -> AsyncIterator[Services]:
    built = Services(
        settings=settings,
        db=db,
        http=httpx.AsyncClient(),
        model_executor=ThreadPoolExecutor(max_workers=1),
        summarizer=FakeSummarizer(),
        sender=Sender(db, stories_by_ids, per_chat_interval=0.0),
        topic=load_topic(settings.topic_file),
    )
    yield built
    await built.aclose()


@pytest.fixture
async def app(settings: Settings, services: Services) -> AsyncIterator[BotApp]:
    application = build_application(settings, services, with_jobs=False)
    async with application:
        await application.start()  # so block=False handlers run as they would in production
        yield application
        await application.stop()


def hours_ago(hours: float) -> datetime:
    return utcnow() - timedelta(hours=hours)


def prefs_of(services: Services, chat_id: int) -> Preferences:
    info = get_subscription(services.db, chat_id)
    assert info is not None
    return info.prefs


def button(message: SentMessage, label: str) -> str:
    return dict(message.buttons())[label]


_message_ids = itertools.count(1)


def make_update(
    bot: object,
    chat_id: int,
    text: str,
    *,
    user_id: int | None = None,
    reply_to: str | None = None,
) -> Update:
    """An Update as Telegram would send it for `text` typed in a private chat."""
    now = int(utcnow().timestamp())
    chat = {"id": chat_id, "type": "private", "first_name": "T"}
    message: dict[str, object] = {
        "message_id": next(_message_ids),
        "date": now,
        "chat": chat,
        "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "T"},
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if reply_to is not None:
        message["reply_to_message"] = {
            "message_id": next(_message_ids),
            "date": now,
            "chat": chat,
            "text": reply_to,
        }
    return Update.de_json({"update_id": next(_message_ids), "message": message}, bot)  # type: ignore[arg-type]
