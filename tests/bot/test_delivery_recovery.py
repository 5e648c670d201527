"""A push survives trouble half-way: a database that will not record it sent, a Telegram
error between the parts of a long message. The chat gets it once, and all of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from bot.context import BotApp
from bot.delivery import jobs
from bot.delivery.sender import Sender
from bot.preferences import Preferences
from bot.services import Services
from bot.storage import claims, fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, utcnow
from bot.storage.subscribers import get_subscription, subscribe, update_prefs
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.bot.sending import while_sending
from tests.servers.telegram_api import BotApiServer, Fault

TERMS = ("negotiators discussed the corridor terms " * 12).strip()
POINTS = tuple(f"Point {n}: {TERMS}." for n in range(10))  # two messages' worth


def _rows(db: Database) -> list[Delivery]:
    with db.session() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def _database_refuses(monkeypatch: pytest.MonkeyPatch, times: int) -> Callable[[], int]:
    """The next `times` attempts to record a message sent fail as a locked database would;
    returns how many attempts were made."""
    real = outbox.mark_sent
    calls = 0

    def flaky(*args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        if calls <= times:
            raise OperationalError("UPDATE deliveries", {}, Exception("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "mark_sent", flaky)
    return lambda: calls


async def test_a_database_hiccup_while_recording_a_push_does_not_send_it_twice(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sender = services.db, services.sender
    sender.marks.backoff = (0.0, 0.0, 0.0)
    subscribe(db, 11, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    _database_refuses(monkeypatch, times=1)

    await sender.drain(app.bot)
    # Whatever happens later (its lease would have run out by now), it is not sent again.
    later = utcnow() + timedelta(minutes=3)
    sender.clock = lambda: later
    outbox.recover_expired(db, later)
    await sender.drain(app.bot)

    assert len(server.messages_to(11)) == 1
    [row] = _rows(db)
    assert row.status == DeliveryStatus.SENT
    assert row.message_id == server.messages_to(11)[0].message_id


async def test_a_push_the_database_cannot_record_for_long_is_recorded_next_round_and_sent_once(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sender = services.db, services.sender
    sender.marks.backoff = (0.0, 0.0)
    subscribe(db, 12, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    attempts = _database_refuses(monkeypatch, times=4)  # every try of the first round, and

    await sender.drain(app.bot)
    assert attempts() == 3
    [row] = _rows(db)
    assert row.status == DeliveryStatus.SENDING  # still this sender's, not given up
    add_story(db, "Prisoner exchange agreed", points=("Both sides agreed to swap prisoners.",))
    fanout.fan_out(db, utcnow())

    # the next round's: send rounds go on past the lease's end, and each renews it before
    # taking back expired rows.
    later = utcnow() + timedelta(minutes=3)
    sender.clock = lambda: later
    await sender.renew_claims()
    assert attempts() == 4
    assert outbox.recover_expired(db, later) == 0
    await sender.drain(app.bot)

    texts = [m.text for m in server.messages_to(12)]
    assert len(texts) == 2
    assert "Delegations meet" in texts[0]
    assert "Prisoner exchange" in texts[1]
    assert [r.status for r in _rows(db)] == [DeliveryStatus.SENT, DeliveryStatus.SENT]


@dataclass
class _Lock:
    """The sender lock after a database outage: a peer took it (the outage dropped this
    process's session), or this process just took it (the old leader's session ended)."""

    leading: bool
    led: float = 0.0
    """Seconds this process has held it."""

    def is_leader(self) -> bool:
        return self.leading

    def held_for(self) -> float:
        return self.led if self.leading else 0.0

    def release(self) -> None:
        pass


async def test_a_sender_that_loses_the_lead_in_a_database_outage_still_records_what_it_sent(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sender = services.db, services.sender
    sender.marks.backoff = ()
    subscribe(db, 15, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    _database_refuses(monkeypatch, times=1)
    await sender.drain(app.bot)

    services.leader = _Lock(leading=False)  # type: ignore[assignment]
    await jobs.deliver(services, app.bot)  # a standby's round
    later = utcnow() + timedelta(minutes=3)  # past the lease the old leader took
    new_leader = Sender(db, per_chat_interval=0.0, clock=lambda: later)
    outbox.recover_expired(db, later)
    await new_leader.drain(app.bot)

    assert len(server.messages_to(15)) == 1
    assert [r.status for r in _rows(db)] == [DeliveryStatus.SENT]


async def test_a_peer_taking_the_lead_after_a_long_outage_does_not_send_the_old_leaders_push_again(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, old = services.db, services.sender
    old.marks.backoff = ()
    subscribe(db, 16, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    _database_refuses(monkeypatch, times=1)
    await old.drain(app.bot)  # sent; the database, down, will not record it
    # The outage outlasts the lease; the peer that took the lead runs its send round first.
    later = utcnow() + old.lease + timedelta(minutes=5)
    monkeypatch.setattr(jobs, "utcnow", lambda: later)
    peer = replace(services, sender=Sender(db, per_chat_interval=0.0, clock=lambda: later))
    peer.leader = lock = _Lock(leading=True)  # type: ignore[assignment]
    await jobs.deliver(peer, app.bot)
    old.clock = lambda: later
    await old.renew_claims()  # the old sender's round after the outage records it
    lock.led = old.lease.total_seconds()  # a lease later, nothing is left to take back
    await jobs.deliver(peer, app.bot)

    assert len(server.messages_to(16)) == 1
    assert [r.status for r in _rows(db)] == [DeliveryStatus.SENT]


async def test_a_new_leader_sends_what_a_dead_leader_left_once_it_has_led_for_a_lease(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = services.db
    subscribe(db, 17, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    claims.claim_units(db, "dead-sender", utcnow(), limit=1)  # it died mid-send
    later = utcnow() + outbox.DEFAULT_LEASE + timedelta(seconds=1)
    monkeypatch.setattr(jobs, "utcnow", lambda: later)
    services.sender.clock = lambda: later
    services.leader = lock = _Lock(leading=True)  # type: ignore[assignment]

    await jobs.deliver(services, app.bot)
    assert server.messages_to(17) == []  # the dead one might have been alive and cut off
    lock.led = services.sender.lease.total_seconds()
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(17)) == 1


async def test_nothing_new_goes_out_while_a_sent_push_is_unrecorded(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sender = services.db, services.sender
    sender.marks.backoff = ()
    for chat in (13, 14):
        subscribe(db, chat, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    sender.concurrency = 1
    _database_refuses(monkeypatch, times=2)  # the push and its first retry next round

    await sender.drain(app.bot)
    await sender.drain(app.bot)
    assert len(server.sent) == 1  # the other chat waits: at most one push is undecided

    await sender.drain(app.bot)
    assert sorted(m.chat_id for m in server.sent) == [13, 14]
    assert {r.status for r in _rows(db)} == {DeliveryStatus.SENT}


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
    [row] = _rows(services.db)
    assert row.status == DeliveryStatus.PENDING  # waiting to send the rest

    _retry_is_due(services)
    await services.sender.drain(app.bot)
    first, *rest = server.messages_to(31)
    assert rest
    shown = "".join(m.text for m in (first, *rest))
    assert [shown.count(f"Point {n}:") for n in range(10)] == [1] * 10
    # Sent later, the rest answers the push's start, so news sent meanwhile cannot cut it off.
    assert all(m.reply_to == first.message_id for m in rest)
    [row] = _rows(services.db)
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
    [row] = _rows(services.db)
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
    [row] = _rows(services.db)
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

    async def killed(mark: object) -> None:
        """The process dies after recording the push sent, before planning the update."""

    monkeypatch.setattr(services.sender, "_catch_up", killed)
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
