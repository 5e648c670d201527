"""A long message cut short by a Telegram error between its parts, or by a sender that died: the
chat gets the rest later, attached to its start, never the start twice, and the story's news
that came meanwhile as an update after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.context import BotApp
from bot.delivery import jobs
from bot.preferences import Preferences
from bot.services import Services
from bot.storage import fanout
from bot.storage.db import Database
from bot.storage.models import DeliveryStatus, utcnow
from bot.storage.subscribers import get_subscription, subscribe, update_prefs
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.bot.sending import delivery_rows, while_sending
from tests.servers.telegram_api import BotApiServer, Fault

TERMS = ("negotiators discussed the corridor terms " * 12).strip()
POINTS = tuple(f"Point {n}: {TERMS}." for n in range(10))  # two messages' worth


def _reader_of_long_stories(services: Services, chat: int) -> int:
    """A chat that reads every point, and a story too long for one message; its id."""
    subscribe(services.db, chat, hours_ago(1))
    update_prefs(services.db, chat, Preferences(points=10), utcnow())
    story = add_story(services.db, "Corridor talks", points=POINTS)
    fanout.fan_out(services.db, utcnow())
    return story


def _retry_is_due(services: Services, minutes: int = 15) -> None:
    services.sender.clock = lambda: utcnow() + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("fault", "times"),
    [(Fault.server_error(), 1), (Fault.retry_after(1), 4)],  # 4: past the limiter's retries
    ids=["telegram-server-error", "flood-control"],
)
async def test_a_long_push_cut_short_by_a_passing_error_gets_its_rest_later_without_repeats(
    app: BotApp, services: Services, server: BotApiServer, fault: Fault, times: int
) -> None:
    _reader_of_long_stories(services, 31)
    server.fail_next("sendMessage", fault, chat_id=31, after=1, times=times)

    await services.sender.drain(app.bot)
    assert len(server.messages_to(31)) == 1  # the first part, then the error
    [row] = delivery_rows(services.db)
    assert row.status == DeliveryStatus.PENDING  # waiting to send the rest

    _retry_is_due(services)
    await services.sender.drain(app.bot)
    first, *rest = server.messages_to(31)
    assert rest
    shown = "".join(m.text for m in (first, *rest))
    assert [shown.count(f"Point {n}:") for n in range(10)] == [1] * 10
    # Sent later, the rest answers the push's start, so news sent meanwhile cannot cut it off.
    assert all(m.reply_to == first.message_id for m in rest)
    [row] = delivery_rows(services.db)
    assert row.status == DeliveryStatus.SENT
    assert row.message_id == first.message_id  # updates will reply to the story's start
    assert row.remainder is None
    with services.db.engine.begin() as c:  # SQL NULL, not the JSON text 'null'
        assert c.execute(text("SELECT count(*) FROM deliveries WHERE remainder IS NULL")).scalar()


async def test_news_sent_while_a_cut_push_waits_leaves_its_rest_attached_to_its_start(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    _reader_of_long_stories(services, 37)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=37, after=1)
    await services.sender.drain(app.bot)  # the push's first part, then the error
    add_story(services.db, "Prisoner exchange agreed", points=("Both sides swap prisoners.",))
    fanout.fan_out(services.db, utcnow())
    await services.sender.drain(app.bot)  # the other story goes while the rest waits

    _retry_is_due(services)
    await services.sender.drain(app.bot)
    start, other, *rest = server.messages_to(37)
    assert "Corridor talks" in start.text
    assert "Prisoner exchange" in other.text
    assert rest
    assert all(m.reply_to == start.message_id for m in rest)


async def test_the_rest_of_a_long_update_still_answers_the_story_it_updates(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    story = _reader_of_long_stories(services, 32)
    await services.sender.drain(app.bot)
    push = server.messages_to(32)
    more = tuple(f"Update {n}: {TERMS}." for n in range(10))
    add_report(services.db, story, "Corridor talks", points=(*POINTS, *more))
    _retry_is_due(services, minutes=45)  # past the update cooldown
    fanout.fan_out(services.db, services.sender.clock())
    server.fail_next("sendMessage", Fault.server_error(), chat_id=32, after=1)

    await services.sender.drain(app.bot)
    assert len(server.messages_to(32)) == len(push) + 1
    _retry_is_due(services, minutes=60)
    await services.sender.drain(app.bot)

    update = server.messages_to(32)[len(push) :]
    assert len(update) > 1
    assert {m.reply_to for m in update} == {push[0].message_id}  # every part, as before
    shown = "".join(m.text for m in update)
    assert [shown.count(f"Update {n}:") for n in range(10)] == [1] * 10


async def test_a_part_telegram_refuses_for_good_ends_the_message_without_repeating_its_start(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    _reader_of_long_stories(services, 33)
    refused = Fault(400, "Bad Request: message must be non-empty")
    server.fail_next("sendMessage", refused, chat_id=33, after=1)

    await services.sender.drain(app.bot)
    _retry_is_due(services, minutes=60)
    await services.sender.drain(app.bot)

    assert len(server.messages_to(33)) == 1  # the start is not sent again
    [row] = delivery_rows(services.db)
    assert row.status == DeliveryStatus.SENT  # the chat has the story's start: updates reply to it
    assert row.message_id == server.messages_to(33)[0].message_id
    assert "Telegram refused" in (row.last_error or "")


async def test_a_refused_part_at_the_retry_ends_the_message_without_repeating_its_start(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    story = _reader_of_long_stories(services, 36)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=36, after=1)
    refused = Fault(400, "Bad Request: message must be non-empty")
    server.fail_next("sendMessage", refused, chat_id=36)  # the next call: the retry's first
    await services.sender.drain(app.bot)
    _retry_is_due(services)
    await services.sender.drain(app.bot)  # the rest is refused for good
    news = (*POINTS, "A ceasefire map was agreed.")
    add_report(services.db, story, "Corridor talks", points=news)
    fanout.fan_out(services.db, services.sender.clock())
    _retry_is_due(services, minutes=60)
    await services.sender.drain(app.bot)

    start, update = server.messages_to(36)  # the news as an update, not the story again
    assert "map was agreed" in update.text
    assert update.reply_to == start.message_id


async def test_a_chat_that_blocks_the_bot_between_parts_is_unsubscribed(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    _reader_of_long_stories(services, 34)
    server.fail_next("sendMessage", Fault.blocked(), chat_id=34, after=1)

    await services.sender.drain(app.bot)
    _retry_is_due(services, minutes=60)
    await services.sender.drain(app.bot)

    assert len(server.messages_to(34)) == 1
    [row] = delivery_rows(services.db)
    assert row.status == DeliveryStatus.FAILED
    assert row.remainder is None  # a push taken up again later starts afresh
    info = get_subscription(services.db, 34)
    assert info is not None
    assert not info.active


async def test_a_story_that_moves_while_the_rest_waits_comes_as_an_update_after_it(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    story = _reader_of_long_stories(services, 35)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=35, after=1)
    await services.sender.drain(app.bot)
    add_report(
        services.db, story, "Corridor talks", points=(*POINTS, "A ceasefire map was agreed.")
    )
    fanout.fan_out(services.db, utcnow())

    _retry_is_due(services)
    await services.sender.drain(app.bot)

    first, second, update = server.messages_to(35)
    assert "map was agreed" not in first.text + second.text  # the rest of the text it began
    assert "Point 9:" in second.text
    assert "map was agreed" in update.text  # then the news, threaded under the story
    assert update.reply_to == first.message_id


MAP = "A ceasefire map was agreed."


def _follower_of_long_war_stories(services: Services, chat: int) -> int:
    """A chat that follows Russia-Ukraine and reads every point, and such a story too long
    for one message; its id."""
    subscribe(services.db, chat, hours_ago(1))
    update_prefs(services.db, chat, Preferences(points=10, conflicts=("ru-ua",)), utcnow())
    story = add_story(services.db, "Corridor talks", points=POINTS, conflicts=("ru-ua",))
    fanout.fan_out(services.db, utcnow())
    return story


def _story_moves_while_it_is_sent(
    services: Services, story: int, then: Callable[[], object] = lambda: None
) -> None:
    """The sender reads the story, then a report with news moves it (and is fanned out)
    before the push goes out, so the news waits behind the push as an update; `then` runs
    next, the push still on its way."""

    def move(db: Database) -> None:
        add_report(db, story, "Corridor talks", points=(*POINTS, MAP), conflicts=("ru-ua",))
        fanout.fan_out(db, utcnow())
        then()

    while_sending(services, move)


def _choose(services: Services, chat: int, *conflicts: str) -> None:
    update_prefs(services.db, chat, Preferences(points=10, conflicts=conflicts), utcnow())


@pytest.mark.parametrize("untick", ["while-the-rest-waits", "while-the-push-is-on-its-way"])
async def test_news_waiting_behind_a_cut_push_survives_unticking_its_conflict_and_back(
    app: BotApp, services: Services, server: BotApiServer, untick: str
) -> None:
    story = _follower_of_long_war_stories(services, 38)
    on_its_way = untick == "while-the-push-is-on-its-way"
    _story_moves_while_it_is_sent(
        services, story, lambda: on_its_way and _choose(services, 38, "il-gaza")
    )
    server.fail_next("sendMessage", Fault.retry_after(1), chat_id=38, after=1, times=4)
    await services.sender.drain(app.bot)  # the push's first part, then flood control
    _choose(services, 38, "il-gaza")  # a tap too many
    _choose(services, 38, "ru-ua")  # and back

    _retry_is_due(services)
    await services.sender.drain(app.bot)  # the rest of the push, as it was cut
    _retry_is_due(services, minutes=60)  # past the update cooldown
    await services.sender.drain(app.bot)

    first, second, update = server.messages_to(38)
    assert MAP not in first.text + second.text
    assert MAP in update.text  # the news the push was too early for, once
    assert update.reply_to == first.message_id


async def test_news_a_killed_sender_had_no_time_to_plan_comes_after_the_restart(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _reader_of_long_stories(services, 40)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=40, after=1)
    await services.sender.drain(app.bot)  # the push's first part, then a passing error
    add_report(services.db, story, "Corridor talks", points=(*POINTS, MAP))
    fanout.fan_out(services.db, utcnow())  # the rest of the push, cut before, cannot carry it

    async def killed(mark: object, cooldown: object) -> None:
        """The process dies after recording the push sent, before planning the update."""

    monkeypatch.setattr(services.sender.catch_up, "after", killed)
    _retry_is_due(services)
    await services.sender.drain(app.bot)
    first, second = server.messages_to(40)
    assert MAP not in first.text + second.text

    monkeypatch.undo()  # the restart
    await jobs.deliver(services, app.bot)

    first, second, update = server.messages_to(40)
    assert MAP in update.text  # the news, once, threaded under the story
    assert update.reply_to == first.message_id
    # Looking again plans nothing: the chat has the news.
    assert fanout.catch_up_missed(services.db, utcnow() + timedelta(hours=2)) == 0
