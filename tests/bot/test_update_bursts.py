"""An update that falls due together with other messages for the chat (new stories in a burst,
an update that turned out empty) still reaches the chat as the threaded reply it would have
been alone, and the bundled message of new stories counts only new stories."""

from __future__ import annotations

from bot.context import BotApp
from bot.services import Services
from bot.storage import fanout
from bot.storage.db import Database
from bot.storage.models import utcnow
from tests.bot.conftest import add_report, add_story
from tests.bot.test_story_updates import FIRST, NEW, cooldown_passes, deliver, pushed_to_chat_1
from tests.servers.telegram_api import BotApiServer, Fault


def _moves_as_stories_appear(db: Database, story: int, *titles: str) -> None:
    """The story gets its update (NEW) and new stories appear before the next send: all are
    due at once. Each new story's one point is its title with a full stop."""
    add_report(db, story, "Kremlin to study truce offer", points=(*FIRST, NEW))
    for title in titles:
        add_story(db, title, points=(f"{title}.",))


async def test_an_update_due_with_a_new_story_is_a_reply_and_the_new_story_its_own_push(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    [push] = server.messages_to(1)

    _moves_as_stories_appear(db, story, "Prisoner exchange in Istanbul")
    await deliver(services, app)

    [_, fresh, update] = server.messages_to(1)
    assert fresh.text.startswith("<b>Prisoner exchange in Istanbul</b>")  # no "2 new stories"
    assert "Talks in Jeddah" not in fresh.text
    assert update.reply_to == push.message_id
    assert update.text.startswith("<b>Update:</b> Talks in Jeddah")
    assert NEW in update.text
    assert FIRST[0] not in update.text


async def test_new_stories_due_with_an_update_are_counted_without_it(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    [push] = server.messages_to(1)

    _moves_as_stories_appear(db, story, "Prisoner exchange in Istanbul", "Monitors in Kherson")
    await deliver(services, app)

    [_, together, update] = server.messages_to(1)
    assert together.text.startswith("<b>2 new stories</b>")
    assert "Talks in Jeddah" not in together.text
    assert update.reply_to == push.message_id
    assert NEW in update.text


async def test_an_update_that_fails_after_the_new_story_went_comes_later_and_alone(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    [push] = server.messages_to(1)
    _moves_as_stories_appear(db, story, "Prisoner exchange in Istanbul")
    server.fail_next("sendMessage", Fault.server_error(), chat_id=1, after=1)
    await deliver(services, app)  # the new story goes, Telegram fails the update
    assert len(server.messages_to(1)) == 2

    cooldown_passes(db)  # its retry is due
    await deliver(services, app)

    [_, fresh, update] = server.messages_to(1)
    assert "• Prisoner exchange in Istanbul." in fresh.text
    assert update.reply_to == push.message_id
    assert NEW in update.text
    assert "Prisoner exchange" not in update.text


async def test_an_update_with_nothing_new_riding_in_a_digest_does_not_hold_the_next_one_back(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())
    add_report(db, story, "Correction", points=FIRST)  # its news withdrawn before it went out
    add_story(db, "Prisoner exchange", points=("Prisoners were swapped.",))
    await deliver(services, app)  # the empty update and the new story: one message
    [_, pile] = server.messages_to(1)
    assert "Prisoners were swapped." in pile.text
    assert NEW not in pile.text

    later = "A second round is set for next week."
    add_report(db, story, "Second round", points=(*FIRST, later))
    await deliver(services, app)

    [_, _, update] = server.messages_to(1)
    assert later in update.text
