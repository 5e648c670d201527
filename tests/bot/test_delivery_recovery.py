"""A push survives trouble half-way: a database that will not record it sent, a Telegram
error between the parts of a long message. The chat gets it once, and all of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.context import BotApp
from bot.services import Services
from bot.storage import fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, utcnow
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_story, hours_ago
from tests.servers.telegram_api import BotApiServer


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
    sender.record_backoff = (0.0, 0.0, 0.0)
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
    sender.record_backoff = (0.0, 0.0)
    subscribe(db, 12, hours_ago(1))
    add_story(db, "Delegations meet", points=("Delegations met in Doha.",))
    fanout.fan_out(db, utcnow())
    attempts = _database_refuses(monkeypatch, times=3)  # every try of the first round

    await sender.drain(app.bot)
    assert attempts() == 3
    [row] = _rows(db)
    assert row.status == DeliveryStatus.SENDING  # still this sender's, not given up
    add_story(db, "Prisoner exchange agreed", points=("Both sides agreed to swap prisoners.",))
    fanout.fan_out(db, utcnow())

    # Send rounds go on past the lease's end; each renews it before taking back expired rows.
    later = utcnow() + timedelta(minutes=3)
    sender.clock = lambda: later
    await sender.renew_claims()
    assert outbox.recover_expired(db, later) == 0
    await sender.drain(app.bot)

    texts = [m.text for m in server.messages_to(12)]
    assert len(texts) == 2
    assert "Delegations meet" in texts[0]
    assert "Prisoner exchange" in texts[1]
    assert [r.status for r in _rows(db)] == [DeliveryStatus.SENT, DeliveryStatus.SENT]


async def test_nothing_new_goes_out_while_a_sent_push_is_unrecorded(
    app: BotApp, services: Services, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sender = services.db, services.sender
    sender.record_backoff = ()
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
