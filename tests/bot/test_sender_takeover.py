"""Several send processes, and restarts: a sender takes over what a dead one left, never what a
live one is sending.

Two send processes on one host without INSTANCE_ID (a standby beside the active sender, as
compose.yaml runs them) must not share an id: a new leader takes back rows claimed under its
own id at once, as a dead earlier self's.
"""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.context import BotApp
from bot.delivery.sender import Sender
from bot.services import Services, sender_id
from bot.storage import claims, fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, DeliveryStatus, utcnow
from bot.storage.stories import stories_by_ids
from bot.storage.subscribers import subscribe
from config import Settings
from tests.bot.conftest import add_story, hours_ago
from tests.servers.telegram_api import BotApiServer

CHATS = (21, 22, 23, 24)


def _broadcast(db: Database) -> None:
    for chat in CHATS:
        subscribe(db, chat, hours_ago(1))
    add_story(db, "Delegations meet in Geneva", points=("Delegations met.",))
    fanout.fan_out(db, utcnow())


def _in_flight(db: Database) -> int:
    with db.session() as session:
        sending = select(func.count()).where(Delivery.status == DeliveryStatus.SENDING)
        return int(session.scalar(sending) or 0)


def _per_chat(server: BotApiServer) -> dict[int, int]:
    return {chat: len(server.messages_to(chat)) for chat in CHATS}


def test_each_send_process_has_its_own_id_even_with_a_reused_process_id(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two processes on one host, and a container restarted as pid 1 again.
    assert sender_id(settings, "send") != sender_id(settings, "send")
    assert sender_id(settings, "send", pid=1) != sender_id(settings, "send", pid=1)
    monkeypatch.setattr(socket, "gethostname", lambda: "ceasefire-bot-send-deployment-6d9f8-abcde")
    assert len(sender_id(settings, "ingest", pid=4194304)) <= 64  # the column's width


def test_an_instance_id_is_the_senders_id_in_every_process(settings: Settings) -> None:
    stable = settings.model_copy(update={"instance_id": "send-1"})
    assert sender_id(stable, "send", pid=101) == sender_id(stable, "send", pid=202) == "send-1"


async def test_a_standby_taking_over_from_a_live_sender_sends_none_of_its_messages_again(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    _broadcast(db)
    # Two send processes on one host, both without INSTANCE_ID.
    leader = Sender(db, stories_by_ids, owner=sender_id(services.settings, "send"))
    standby = Sender(db, stories_by_ids, owner=sender_id(services.settings, "send"))
    server.latency = 0.5  # Telegram answers slowly: the leader's 4 messages are in flight
    sending = asyncio.create_task(leader.drain(app.bot))
    while _in_flight(db) < len(CHATS):  # noqa: ASYNC110 - claimed from a worker thread
        await asyncio.sleep(0.01)
    server.latency = 0.0

    # The leader lost its lock (a database failover) and the standby's round runs as leader.
    took_over = await standby.drain(app.bot)
    await sending

    assert took_over.sent == 0
    assert _per_chat(server) == dict.fromkeys(CHATS, 1)


async def test_a_sender_restarted_with_its_instance_id_resends_what_it_left_in_flight_at_once(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    stable = services.settings.model_copy(update={"instance_id": "send-1"})
    _broadcast(db)
    # Killed with the broadcast in flight; back a moment later, long before the lease ends.
    claims.claim_units(db, sender_id(stable, "send"), utcnow(), limit=len(CHATS))
    restarted = Sender(db, stories_by_ids, owner=sender_id(stable, "send"))

    report = await restarted.drain(app.bot)

    assert report.sent == len(CHATS)
    assert _per_chat(server) == dict.fromkeys(CHATS, 1)


async def test_a_sender_restarted_without_an_instance_id_resends_what_it_left_when_the_lease_ends(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    _broadcast(db)
    now = utcnow()
    claims.claim_units(db, sender_id(services.settings, "send"), now, limit=len(CHATS))
    restarted = Sender(db, stories_by_ids, owner=sender_id(services.settings, "send"))

    assert (await restarted.drain(app.bot)).sent == 0  # they may still be in flight
    lease_ended = now + outbox.DEFAULT_LEASE + timedelta(seconds=1)
    restarted.clock = lambda: lease_ended
    assert outbox.recover_expired(db, lease_ended) == len(CHATS)  # the send job's round
    assert (await restarted.drain(app.bot)).sent == len(CHATS)
    assert _per_chat(server) == dict.fromkeys(CHATS, 1)
