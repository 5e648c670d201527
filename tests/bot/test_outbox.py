"""The outbox: fan-out decisions, and the sender against the loopback Bot API."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.context import BotApp
from bot.delivery import jobs
from bot.delivery.send import send_html
from bot.preferences import Preferences
from bot.services import Services
from bot.storage import claims, fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, Subscriber, Subscription, utcnow
from bot.storage.subscribers import (
    get_subscription,
    subscribe,
    touch_subscriber,
    update_prefs,
)
from tests.bot.conftest import add_story, hours_ago
from tests.servers.telegram_api import BotApiServer, Fault


def _statuses(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Delivery.status).order_by(Delivery.id)))


def _delivered_stories(db: Database) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(Delivery.story_id).order_by(Delivery.id)))


def test_new_subscriber_gets_no_backlog(db: Database) -> None:
    add_story(db, "Old", created_at=hours_ago(2))
    subscribe(db, 1, hours_ago(1))
    new = add_story(db, "New")
    written = fanout.fan_out(db, utcnow())
    assert sorted(written.values()) == [0, 1]
    assert _delivered_stories(db) == [new]


def test_first_poll_stories_are_never_pushed(db: Database) -> None:
    subscribe(db, 1, hours_ago(1))
    add_story(db, "Seen on first poll", pushable=False)
    assert sum(fanout.fan_out(db, utcnow()).values()) == 0


def test_fan_out_happens_once(db: Database) -> None:
    subscribe(db, 1, hours_ago(1))
    subscribe(db, 2, hours_ago(1))
    add_story(db, "New")
    assert sum(fanout.fan_out(db, utcnow()).values()) == 2
    assert fanout.fan_out(db, utcnow()) == {}
    assert _statuses(db) == ["pending", "pending"]


def test_digest_subscriber_waits_for_digest_time(db: Database) -> None:
    subscribe(db, 1, hours_ago(1))
    now = utcnow()
    later = (now + timedelta(hours=2)).strftime("%H:%M")
    update_prefs(db, 1, Preferences(mode="digest", digest_times=(later,)), now)
    add_story(db, "New")
    fanout.fan_out(db, now)
    assert claims.claim_units(db, "me", now) == []
    units = claims.claim_units(db, "me", now + timedelta(hours=2, minutes=1))
    assert len(units) == 1
    assert units[0].digest


async def test_subscriber_gets_new_story_once(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    add_story(db, "Cease-fire <talks> resume", points=("Delegations met in Istanbul.",))
    fanout.fan_out(db, utcnow())
    report = await services.sender.drain(app.bot)
    again = await services.sender.drain(app.bot)
    assert (report.sent, again.sent) == (1, 0)
    [message] = server.messages_to(1)
    assert "Cease-fire &lt;talks&gt; resume" in message.text
    assert message.parse_mode == "HTML"
    assert _statuses(db) == [DeliveryStatus.SENT]


async def test_blocked_chat_is_unsubscribed(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 7, hours_ago(1))
    add_story(db, "One")
    add_story(db, "Two")
    fanout.fan_out(db, utcnow())
    server.fail_always("sendMessage", Fault.blocked(), chat_id=7)
    report = await services.sender.drain(app.bot)
    assert report.blocked == 1
    assert _statuses(db) == [DeliveryStatus.FAILED, DeliveryStatus.FAILED]
    with db.session() as session:
        assert session.scalar(select(Subscriber.blocked_at)) is not None
        assert session.scalar(select(Subscription.active)) is False
    add_story(db, "Three")
    assert sum(fanout.fan_out(db, utcnow()).values()) == 0


async def test_rate_limited_message_is_retried_after_retry_after(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 3, hours_ago(1))
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    # More 429s than AIORateLimiter retries: the row goes back to pending, due later.
    server.fail_next("sendMessage", Fault.retry_after(1), chat_id=3, times=4)
    first = await services.sender.drain(app.bot)
    assert first.retried == 1
    assert _statuses(db) == [DeliveryStatus.PENDING]
    await asyncio.sleep(1.1)
    second = await services.sender.drain(app.bot)
    assert second.sent == 1
    assert len(server.messages_to(3)) == 1


async def test_migrated_group_gets_the_message_at_its_new_id(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, -100, hours_ago(1))
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    server.fail_next("sendMessage", Fault.migrated(-1009999), chat_id=-100)
    await services.sender.drain(app.bot)
    assert server.messages_to(-100) == []
    assert len(server.messages_to(-1009999)) == 1
    with db.session() as session:
        assert session.scalar(select(Subscriber.chat_id)) == -1009999


async def test_a_migrated_group_someone_already_used_the_bot_in_keeps_its_subscription(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, -100, hours_ago(1))
    touch_subscriber(db, -1009999, utcnow())  # a /start in the supergroup came first
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    server.fail_next("sendMessage", Fault.migrated(-1009999), chat_id=-100)

    await services.sender.drain(app.bot)

    assert len(server.messages_to(-1009999)) == 1
    info = get_subscription(db, -1009999)
    assert info is not None
    assert info.active


async def test_a_migrated_group_that_subscribed_again_is_not_sent_the_news_twice(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, -100, hours_ago(1))
    subscribe(db, -1009999, hours_ago(1))  # the supergroup subscribed on its own
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    server.fail_next("sendMessage", Fault.migrated(-1009999), chat_id=-100)

    await services.sender.drain(app.bot)
    await services.sender.drain(app.bot)

    assert len(server.messages_to(-1009999)) == 1  # through its own subscription
    assert server.messages_to(-100) == []
    assert _statuses(db) == [DeliveryStatus.FAILED, DeliveryStatus.SENT]
    old = get_subscription(db, -100)
    assert old is not None
    assert not old.active


async def test_network_error_backs_off_and_keeps_the_row(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 5, hours_ago(1))
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    server.fail_next("sendMessage", Fault.server_error(), chat_id=5)
    report = await services.sender.drain(app.bot)
    assert report.retried == 1
    with db.session() as session:
        row = session.scalars(select(Delivery)).one()
        assert row.status == DeliveryStatus.PENDING
        assert row.due_at > utcnow()
        assert row.attempts == 1


async def test_markup_telegram_refuses_is_resent_as_plain_text(
    app: BotApp, server: BotApiServer
) -> None:
    await send_html(app.bot, 9, "<b>unclosed & <blink>odd</blink>")
    [message] = server.messages_to(9)
    assert message.parse_mode is None
    assert message.text == "unclosed & odd"


async def test_rows_of_a_dead_sender_are_sent_again_but_a_live_peers_are_not_taken(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 11, hours_ago(1))
    subscribe(db, 12, hours_ago(1))
    add_story(db, "One")
    now = utcnow()
    fanout.fan_out(db, now - timedelta(minutes=2))
    # A sender claimed chat 11's message a minute ago with a 30 s lease, then died.
    [dead] = claims.claim_units(
        db, "dead", now - timedelta(minutes=1), lease=timedelta(seconds=30), limit=1
    )
    # A live peer is sending chat 12's message right now.
    [live] = claims.claim_units(db, "peer", now, limit=1)
    assert outbox.recover_expired(db, utcnow()) == 1
    report = await services.sender.drain(app.bot)
    assert report.sent == 1
    assert [m.chat_id for m in server.sent] == [dead.chat_id]
    # The live peer's row is still its own: only it can mark it sent.
    assert outbox.mark_sent(db, services.sender.owner, [(live.delivery_ids[0], 1)], 1, now) == 0
    assert outbox.mark_sent(db, "peer", [(live.delivery_ids[0], 1)], 1, now) == 1
    assert _statuses(db) == [DeliveryStatus.SENT, DeliveryStatus.SENT]


async def test_digest_is_one_message_with_every_due_story(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 20, hours_ago(1))
    now = utcnow()
    update_prefs(db, 20, Preferences(mode="digest", digest_times=("00:00", "12:00")), now)
    for title in ("One", "Two", "Three"):
        add_story(db, title)
    fanout.fan_out(db, now)
    with db.session() as session:  # the digest time came while the bot was down
        for row in session.scalars(select(Delivery)):
            row.due_at = now - timedelta(hours=30)
    await services.sender.drain(app.bot)
    await services.sender.drain(app.bot)
    [message] = server.messages_to(20)
    assert message.text.startswith("<b>Digest: 3 stories</b>")
    assert _statuses(db) == [DeliveryStatus.SENT] * 3


async def test_an_instant_reader_whose_stories_came_at_once_gets_them_together_not_as_a_digest(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 21, hours_ago(1))
    for title in ("One", "Two"):
        add_story(db, title)
    fanout.fan_out(db, utcnow())
    await services.sender.drain(app.bot)
    [message] = server.messages_to(21)
    assert message.text.startswith("<b>2 new stories</b>")
    assert "Digest" not in message.text


async def test_many_readers_sharing_a_digest_time_each_get_one_digest_of_everything(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    now = utcnow()
    at = (now + timedelta(hours=2)).strftime("%H:%M")
    readers = range(100, 160)  # more than one claim scan (50 rows) of each story
    for chat in readers:
        subscribe(db, chat, hours_ago(1))
        update_prefs(db, chat, Preferences(mode="digest", digest_times=(at,)), now)
    for n in range(3):
        add_story(db, f"Story {n}")
    fanout.fan_out(db, now)

    services.sender.clock = lambda: now + timedelta(hours=2, minutes=1)
    while (await services.sender.drain(app.bot, budget=30)).more:
        pass

    assert {len(server.messages_to(chat)) for chat in readers} == {1}
    assert server.messages_to(100)[0].text.startswith("<b>Digest: 3 stories</b>")


async def test_a_digest_too_long_for_one_message_loses_nothing_when_a_later_part_fails(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 21, hours_ago(1))
    update_prefs(db, 21, Preferences(mode="digest", digest_times=("08:00",)), utcnow())
    long_point = "Negotiators said the talks would go on through the night. " * 6
    titles = [f"Story number {n} on the cease-fire talks" for n in range(12)]
    for title in titles:
        add_story(db, title, points=[f"{title}: {long_point}"])
    fanout.fan_out(db, utcnow())
    services.sender.clock = lambda: utcnow() + timedelta(days=1, hours=1)  # digest time
    server.fail_next("sendMessage", Fault.server_error(), chat_id=21, after=1)

    await services.sender.drain(app.bot)  # the first message goes, the second fails
    services.sender.clock = lambda: utcnow() + timedelta(days=1, hours=2)  # its retry is due
    await services.sender.drain(app.bot)

    shown = "\n".join(m.text for m in server.messages_to(21))
    assert [shown.count(f"{title}</b>") for title in titles] == [1] * 12  # each once
    assert set(_statuses(db)) == {DeliveryStatus.SENT}


async def test_a_digest_that_reads_short_is_one_message_however_long_its_links_and_escapes(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 22, hours_ago(1))
    update_prefs(db, 22, Preferences(mode="digest", digest_times=("08:00",)), utcnow())
    quoted = 'Envoys spoke of a "framework" & a "roadmap" for the "truce". ' * 4
    for n in range(8):
        add_story(db, f'Story {n}: talks & "terms"', points=[quoted])
    fanout.fan_out(db, utcnow())
    services.sender.clock = lambda: utcnow() + timedelta(days=1, hours=1)  # digest time
    await services.sender.drain(app.bot)

    [message] = server.messages_to(22)
    assert len(message.text) > 4096  # the HTML; Telegram counts what the reader sees
    assert message.text.startswith("<b>Digest: 8 stories</b>")
    assert message.text.count("\n• Envoys spoke") == 8  # every story in it


async def test_a_digest_in_several_messages_is_headed_once_with_all_its_stories(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 23, hours_ago(1))
    prefs = Preferences(mode="digest", digest_times=("08:00",), language="uk")
    update_prefs(db, 23, prefs, utcnow())
    long_point = "Negotiators said the talks would go on through the night. " * 6
    for n in range(12):
        add_story(db, f"Story number {n}", points=[f"Story {n}: {long_point}"])
    fanout.fan_out(db, utcnow())
    services.sender.clock = lambda: utcnow() + timedelta(days=1, hours=1)  # digest time
    await services.sender.drain(app.bot)

    first, *later = server.messages_to(23)
    assert later  # too long for one message
    assert first.text.startswith("<b>Дайджест: 12 новин</b>\n\n<b>Story number")
    assert all(m.text.startswith("<b>Story number") for m in later)
    assert "Дайджест" not in "".join(m.text for m in later)


async def test_a_send_held_up_past_its_lease_is_not_taken_back_and_sent_twice(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    services.sender.lease = timedelta(seconds=2)  # stands in for 2 minutes against long 429s
    subscribe(db, 9, hours_ago(1))
    add_story(db, "Truce talks resume")
    fanout.fan_out(db, utcnow())
    # The rate limiter waits out three 429s inside one send: longer than the lease.
    server.fail_next("sendMessage", Fault.retry_after(1), chat_id=9, times=3)

    sending = asyncio.create_task(services.sender.drain(app.bot))
    while not sending.done():  # the send job's rounds go on meanwhile
        await asyncio.sleep(0.5)
        await jobs.deliver(services, app.bot)
    await sending
    await jobs.deliver(services, app.bot)

    assert len(server.messages_to(9)) == 1
    assert _statuses(db) == [DeliveryStatus.SENT]
