"""A bot in a group: the group upgraded to a supergroup keeps its subscription, and in a forum
every answer stays in the topic it was asked in."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.context import BotApp
from bot.services import Services
from bot.storage.subscribers import get_subscription
from tests.bot.conftest import add_story
from tests.bot.test_chat import say
from tests.servers.telegram_api import BotApiServer

GROUP, SUPERGROUP = -4001, -1004001


def _service(server: BotApiServer, chat_id: int, chat_type: str, **fields: int) -> Update:
    """A service message with no text, as Telegram posts it in a chat."""
    update = server.message_update(chat_id, "", chat_type=chat_type)
    del update["message"]["text"]
    update["message"].update(fields)
    return update


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription_and_settings(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    server.set_member(GROUP, abs(GROUP), "creator")  # who writes below: only admins may change
    await say(app, server, GROUP, "/subscribe", chat_type="group")
    await say(app, server, GROUP, "/settings points 7", chat_type="group")
    # Telegram posts a service message in the old group, then one in the new supergroup.
    for chat_id, chat_type, fields in (
        (GROUP, "group", {"migrate_to_chat_id": SUPERGROUP}),
        (SUPERGROUP, "supergroup", {"migrate_from_chat_id": GROUP}),
    ):
        update = _service(server, chat_id, chat_type, **fields)
        await app.process_update(Update.de_json(update, app.bot))

    moved = get_subscription(services.db, SUPERGROUP)
    assert moved is not None
    assert moved.prefs.points == 7
    assert get_subscription(services.db, GROUP) is None
    settings = await say(app, server, SUPERGROUP, "/settings", chat_type="supergroup")
    assert "not subscribed" not in settings.text


async def test_in_a_forum_a_buttons_answer_stays_in_the_topic(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Talks resume in Geneva")
    listing = await say(app, server, SUPERGROUP, "/latest", chat_type="supergroup")
    update: dict[str, Any] = server.callback_update(SUPERGROUP, listing, listing.buttons()[0][1])
    message = update["callback_query"]["message"]
    message["chat"].update(type="supergroup", is_forum=True, title="Newsroom")
    message.update(message_thread_id=77, is_topic_message=True)
    answered = len(server.callback_answers)
    await app.process_update(Update.de_json(update, app.bot))
    await server.wait_for(lambda s: len(s.callback_answers) > answered, timeout=10)
    story = server.messages_to(SUPERGROUP)[-1]
    assert "Talks resume in Geneva" in story.text
    assert story.thread == 77
