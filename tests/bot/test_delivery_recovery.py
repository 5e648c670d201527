"""A push survives the database's trouble: a database that will not record it sent, a sender
that loses the lead in an outage or dies mid-send. The chat gets it once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.context import BotApp
from bot.delivery import jobs
from bot.delivery.sender import Sender
from bot.services import Services
from bot.storage import claims, fanout, outbox
from bot.storage.models import DeliveryStatus, utcnow
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_story, hours_ago
from tests.bot.sending import delivery_rows
from tests.servers.telegram_api import BotApiServer


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
    [row] = delivery_rows(db)
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
    [row] = delivery_rows(db)
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
    assert [r.status for r in delivery_rows(db)] == [DeliveryStatus.SENT, DeliveryStatus.SENT]


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
    assert [r.status for r in delivery_rows(db)] == [DeliveryStatus.SENT]


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
    assert [r.status for r in delivery_rows(db)] == [DeliveryStatus.SENT]


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
    assert {r.status for r in delivery_rows(db)} == {DeliveryStatus.SENT}
