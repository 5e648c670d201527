"""Several processes on one PostgreSQL: two senders and two ingesters, each killed in turn.

The broadcast must reach every chat, and a chat may get its message twice only when that
message was in flight at a kill (the documented at-least-once window).
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.storage.db import Database
from bot.storage.models import Article, Base, Story
from tests.e2e.conftest import BotProcess
from tests.e2e.test_bot_process import in_flight_chats, publish, seed_broadcast
from tests.servers.news_site import NewsSite
from tests.servers.telegram_api import BotApiServer
from tests.servers.telegram_types import FloodLimits

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.model]

CHATS = 300
FIRST_CHAT = 20_000


def _reset(url: str) -> None:
    db = Database(url)
    Base.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.dispose()


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    _reset(url)
    return url


@pytest.fixture
async def roles(
    bot_env: dict[str, str], pg_url: str, tmp_path: Path
) -> AsyncIterator[dict[str, BotProcess]]:
    env = {**bot_env, "DATABASE_URL": pg_url, "POLL_INTERVAL_SECONDS": "2"}
    # The senders run without INSTANCE_ID, as compose.yaml's do (one id per process): a
    # restarted standby must not take back the live leader's rows, and a killed sender's rows
    # go out again when their lease ends.
    made = {
        name: BotProcess(
            {**env, "INSTANCE_ID": name} if role == "ingest" else env,
            tmp_path / f"{name}.log",
            ("run", "--role", role),
        )
        for name, role in [
            ("send-a", "send"),
            ("send-b", "send"),
            ("ingest-a", "ingest"),
            ("ingest-b", "ingest"),
        ]
    }
    yield made
    for role in made.values():
        role.stop()
    _reset(pg_url)


def _count(db: Database, model: type[Base]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _sent_to_chats(api: BotApiServer) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent if m.chat_id >= FIRST_CHAT)


async def _progress(api: BotApiServer, more: int) -> None:
    target = len(api.sent) + more
    await api.wait_for(lambda s: len(s.sent) >= min(target, CHATS), timeout=90)


async def test_two_senders_and_two_ingesters_killed_in_turn_lose_and_double_nothing(
    api: BotApiServer, news_site: NewsSite, roles: dict[str, BotProcess], pg_url: str
) -> None:
    publish(news_site, ["/a1", "/a2"])
    seed_broadcast(pg_url, CHATS)
    api.latency = 0.02
    api.limits = FloodLimits()  # Telegram's flood control: 30 messages a second per bot
    for role in roles.values():
        role.launch()
    window: set[int] = set()
    await _progress(api, 40)
    for name in ("send-a", "send-b", "ingest-a", "ingest-b"):
        roles[name].kill()
        window |= in_flight_chats(pg_url)
        roles[name].launch()
        await _progress(api, 30)
    await api.wait_for(lambda s: len(_sent_to_chats(s)) >= CHATS, timeout=180)
    await asyncio.sleep(5)  # more send rounds in both senders: nothing else goes out

    per_chat = _sent_to_chats(api)
    assert len(per_chat) == CHATS  # nothing lost
    doubled = {chat for chat, count in per_chat.items() if count > 1}
    assert doubled <= window  # only messages in flight at a kill may arrive twice
    assert max(per_chat.values()) <= 2
    # One active sender keeps the one rate limit. The only 429s allowed are the per-chat limit
    # refusing a crash-window message that a restarted sender sent again within a second.
    assert api.rejected[429] <= len(window)
    # The two ingesters share the feed: each of its two reports is stored once, beside the
    # seeded one, and the story count never exceeds the reports.
    db = Database(pg_url)
    try:
        async with asyncio.timeout(120):
            while _count(db, Article) < 3:  # noqa: ASYNC110 - another process writes it
                await asyncio.sleep(0.5)
        await asyncio.sleep(3)  # another poll by each: still nothing doubled
        assert _count(db, Article) == 3
        assert 2 <= _count(db, Story) <= 3
    finally:
        db.dispose()
    logs = "".join(role.log() for role in roles.values())
    assert "Traceback" not in logs
