"""News saved while a message to the chat is being sent (a push or an update read the story
before the new report came) follows as the next update, threaded, never lost or merged into
what was already on its way."""

from __future__ import annotations

from collections.abc import Sequence

from bot.context import BotApp
from bot.delivery.sender import Sender, StoryLoader
from bot.services import Services
from bot.storage import fanout
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.stories import StoryView, stories_by_ids
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.bot.test_story_updates import FIRST, NEW, cooldown_passes, pushed_to_chat_1
from tests.servers.telegram_api import BotApiServer


def _moving_loader(db: Database, story: int, points: Sequence[str]) -> StoryLoader:
    """Reads the story as the sender does, then a new report moves it (and is fanned out)
    before the message goes out: the message shows the state read, not the newest."""
    moved: list[bool] = []

    def load(database: Database, ids: Sequence[int]) -> list[StoryView]:
        views = stories_by_ids(database, ids)
        if not moved:
            moved.append(True)
            add_report(db, story, "Second round set", points=points)
            fanout.fan_out(db, utcnow())
        return views

    return load


async def test_news_saved_while_an_update_is_being_sent_follows_after_the_cooldown(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())
    later = "A second round is set for next week."
    sender = Sender(db, _moving_loader(db, story, (*FIRST, NEW, later)), per_chat_interval=0)
    await sender.drain(app.bot)
    [_, update] = server.messages_to(1)
    assert NEW in update.text
    assert later not in update.text

    await sender.drain(app.bot)
    assert len(server.messages_to(1)) == 2  # one update per 30 minutes
    cooldown_passes(db)
    await sender.drain(app.bot)
    [push, _, follow_up] = server.messages_to(1)
    assert later in follow_up.text
    assert NEW not in follow_up.text
    assert follow_up.reply_to == push.message_id


async def test_news_saved_while_the_first_push_is_being_sent_follows_as_an_update(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, utcnow())
    sender = Sender(db, _moving_loader(db, story, (*FIRST, NEW)), per_chat_interval=0)
    await sender.drain(app.bot)
    await sender.drain(app.bot)
    [push, update] = server.messages_to(1)
    assert NEW not in push.text
    assert NEW in update.text
    assert update.reply_to == push.message_id
