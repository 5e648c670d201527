"""A chat whose stored time zone this server cannot load (a tzdata update removed it, the
server has no zone files for it) still gets its stories, its times read in UTC, and it never
holds up any other chat's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.context import BotApp
from bot.delivery import jobs
from bot.services import Services
from bot.storage.db import Database
from bot.storage.fanout import fan_out
from bot.storage.models import Delivery, DeliveryStatus, StoryRevision, Subscription, utcnow
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_story, hours_ago
from tests.servers.telegram_api import BotApiServer

GONE = "Atlantis/Poseidonia"


def _store_prefs(db: Database, chat_id: int, **changes: Any) -> None:
    """Write the chat's stored preferences directly, as a zone database update leaves them:
    no /settings command would store this zone."""
    with db.session() as session:
        sub = session.scalars(
            select(Subscription).where(Subscription.subscriber_id == chat_id)
        ).one()
        sub.prefs = {**sub.prefs, **changes}


def _quiet_later_today() -> dict[str, str]:
    """Quiet hours (UTC) that are not now, so a chat read in UTC is not quiet."""
    hour = utcnow().hour
    return {"quiet_start": f"{(hour + 2) % 24:02d}:00", "quiet_end": f"{(hour + 3) % 24:02d}:00"}


async def test_a_story_reaches_every_chat_when_one_chats_zone_cannot_be_loaded(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(2))
    subscribe(db, 2, hours_ago(2))
    _store_prefs(db, 1, timezone=GONE, **_quiet_later_today())

    add_story(db, "Talks resume in Doha", points=("Delegations met in Doha.",))
    await jobs.deliver(services, app.bot)

    assert ["Talks resume in Doha" in m.text for m in server.messages_to(2)] == [True]
    assert ["Talks resume in Doha" in m.text for m in server.messages_to(1)] == [True]
    with db.session() as session:
        assert all(r.fanned_out_at is not None for r in session.scalars(select(StoryRevision)))


async def test_a_chat_whose_zone_is_removed_while_its_story_waits_does_not_stop_the_others(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(2))
    subscribe(db, 2, hours_ago(2))
    _store_prefs(db, 1, timezone="Europe/Kyiv")
    add_story(db, "Ceasefire holds overnight", points=("No shelling was reported.",))
    fan_out(db, utcnow())  # both chats' pushes wait in the outbox
    _store_prefs(db, 1, timezone=GONE, **_quiet_later_today())

    await jobs.deliver(services, app.bot)

    assert ["Ceasefire holds overnight" in m.text for m in server.messages_to(2)] == [True]
    assert ["Ceasefire holds overnight" in m.text for m in server.messages_to(1)] == [True]
    with db.session() as session:
        assert {r.status for r in session.scalars(select(Delivery))} == {DeliveryStatus.SENT}
