"""An outage of Telegram or of our network delays the news and loses none of it."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.context import BotApp
from bot.delivery.errors import MAX_BACKOFF, never_arrived
from bot.services import Services
from bot.storage import fanout
from bot.storage.models import Delivery, DeliveryStatus, utcnow
from bot.storage.subscribers import subscribe
from tests.bot.conftest import add_story, hours_ago
from tests.servers.telegram_api import BotApiServer, Fault


def timed_out(cause: BaseException) -> TimedOut:
    error = TimedOut()
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "safe_to_retry"),
    [
        (NetworkError("httpx.ConnectError: [Errno 111] Connection refused"), True),
        (NetworkError("Bad Gateway"), True),
        (timed_out(httpx.ConnectTimeout("connect")), True),
        (timed_out(httpx.PoolTimeout("pool")), True),
        (timed_out(httpx.ReadTimeout("read")), False),  # Telegram may have sent it
        (TimedOut(), False),
        (BadRequest("message is too long"), False),
        (RuntimeError("a bug"), False),
    ],
)
def test_only_errors_before_telegram_took_the_message_are_safe_to_retry(
    error: BaseException, safe_to_retry: bool
) -> None:
    assert never_arrived(error) is safe_to_retry


def seed_one_message(services: Services, attempts_so_far: int) -> None:
    db = services.db
    subscribe(db, 5, hours_ago(1))
    add_story(db, "One")
    fanout.fan_out(db, utcnow())
    with db.session() as session:
        session.scalars(select(Delivery)).one().attempts = attempts_so_far


def status(services: Services) -> str:
    with services.db.session() as session:
        return session.scalars(select(Delivery.status)).one()


async def test_a_message_telegram_could_not_take_for_an_hour_is_still_sent_later(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    # Ten tries at growing intervals take about half an hour; before, the message then failed.
    seed_one_message(services, attempts_so_far=services.sender.max_attempts + 5)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=5)

    await services.sender.drain(app.bot)

    assert status(services) == DeliveryStatus.PENDING


async def test_after_a_day_of_outage_the_message_is_given_up(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    sender = services.sender
    limit = sender.max_attempts + int(sender.patience / MAX_BACKOFF)
    seed_one_message(services, attempts_so_far=limit - 1)  # this try is the last
    server.fail_next("sendMessage", Fault.server_error(), chat_id=5)

    await sender.drain(app.bot)

    assert status(services) == DeliveryStatus.FAILED
