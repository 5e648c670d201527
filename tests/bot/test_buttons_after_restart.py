"""A button pressed while the bot was down: Telegram keeps the press and hands it over after the
restart, but by then refuses to answer it ("query is too old"). The press still does what it
says, a notice it carried comes as a message instead, and nobody is told something went wrong.
"""

from __future__ import annotations

import logging

import pytest
from telegram import Update

from bot.context import BotApp
from bot.services import Services
from tests.bot.conftest import add_story, button
from tests.bot.test_chat import say
from tests.servers.telegram_api import BotApiServer, Fault, SentMessage

SORRY_UK = "Вибачте, у мене щось пішло не так."


async def press_late(
    app: BotApp, server: BotApiServer, chat_id: int, message: SentMessage, data: str
) -> list[SentMessage]:
    """Press a button the way a press made during downtime arrives; what the bot then sent."""
    before = len(server.messages_to(chat_id))
    server.fail_next("answerCallbackQuery", Fault.query_too_old())
    update = server.callback_update(chat_id, message, data, language_code="uk")
    await app.process_update(Update.de_json(update, app.bot))
    return server.messages_to(chat_id)[before:]


async def test_a_story_button_pressed_during_downtime_shows_the_story_without_an_apology(
    app: BotApp, server: BotApiServer, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    add_story(services.db, "Talks resume in Istanbul")
    listing = await say(app, server, 21, "/latest", language_code="uk")
    with caplog.at_level(logging.INFO, logger="bot.handlers.callbacks"):
        sent = await press_late(app, server, 21, listing, listing.buttons()[0][1])
    assert [m.text.startswith("<b>Talks resume in Istanbul</b>") for m in sent] == [True]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("could not be answered" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("data", ["v0:legacy:1", "v1:nosuchkind:1"])
async def test_an_outdated_button_pressed_during_downtime_says_it_is_no_longer_valid(
    app: BotApp, server: BotApiServer, services: Services, data: str
) -> None:
    add_story(services.db, "Talks resume in Istanbul")
    listing = await say(app, server, 22, "/latest", language_code="uk")
    sent = await press_late(app, server, 22, listing, data)
    assert [m.text for m in sent] == ["Ця кнопка вже не діє; надішліть команду ще раз."]


async def test_a_refused_choice_pressed_during_downtime_still_says_why(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    asked = await say(app, server, 23, "/subscribe", language_code="uk")
    sent = await press_late(app, server, 23, asked, button(asked, "✅ Росія-Україна"))
    assert [m.text for m in sent] == ["Виберіть хоча б один конфлікт."]


async def test_any_other_failure_to_answer_a_button_is_still_an_error(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Talks resume in Istanbul")
    listing = await say(app, server, 24, "/latest", language_code="uk")
    before = len(server.messages_to(24))
    server.fail_next("answerCallbackQuery", Fault(400, "Bad Request: something else broke"))
    update = server.callback_update(24, listing, listing.buttons()[0][1], language_code="uk")
    await app.process_update(Update.de_json(update, app.bot))
    assert SORRY_UK in server.messages_to(24)[-1].text
    assert len(server.messages_to(24)) == before + 2  # the story, then the apology
