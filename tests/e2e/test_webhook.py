"""End to end in webhook mode: the real bot registers its webhook and answers POSTed updates."""

from __future__ import annotations

import asyncio
import re
import socket

import httpx
import pytest

from tests.e2e.conftest import BotProcess
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer
from tests.servers.telegram_types import Fault

pytestmark = [pytest.mark.e2e, pytest.mark.model]

USER = 601
STRANGER = 602
SECRET = "loopback-webhook-secret_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
EMPTY_FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    b"<title>Loopback News</title><link>http://127.0.0.1/</link><description>test</description>"
    b"</channel></rss>"
)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def hook_url(bot_env: dict[str, str], news_site: NewsSite) -> str:
    """Put the bot in webhook mode on a free loopback port; the URL it should register."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook-path"
    bot_env.update(
        WEBHOOK_URL=url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET_TOKEN=SECRET,
    )
    news_site.route("/feed.xml", Route(body=EMPTY_FEED, content_type="application/rss+xml"))
    return url


async def start_with_webhook(bot_process: BotProcess, api: BotApiServer) -> None:
    """Start the bot and wait until it has told the Bot API where to send updates."""
    await bot_process.start(api)
    await api.wait_for(lambda s: s.webhook is not None, timeout=30)


async def post_update(url: str, update: dict[str, object], secret: str | None) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(url, json=update, headers=headers)


async def test_webhook_mode_registers_and_answers(
    api: BotApiServer, bot_process: BotProcess, hook_url: str
) -> None:
    await start_with_webhook(bot_process, api)
    assert api.webhook is not None
    assert api.webhook.url == hook_url
    assert api.webhook.secret_token == SECRET
    assert api.webhook.allowed_updates is not None
    assert "message" in api.webhook.allowed_updates
    assert {c["command"] for c in api.commands} >= {"start", "help", "subscribe"}

    response = await post_update(hook_url, api.message_update(USER, "/start"), SECRET)
    assert response.status_code == 200
    (greeting,) = await api.wait_for_messages(USER, 1, timeout=30)
    assert "Hello!" in greeting.text
    assert greeting.parse_mode == "HTML"

    response = await post_update(hook_url, api.message_update(USER, "/help"), SECRET)
    assert response.status_code == 200
    help_text = (await api.wait_for_messages(USER, 2, timeout=30))[-1].text
    assert "/subscribe" in help_text

    assert "getUpdates" not in api.calls  # every update came by webhook
    bot_process.stop()  # SIGTERM: the webhook server and the jobs shut down cleanly
    assert bot_process.process is not None
    assert bot_process.process.returncode == 0
    log = bot_process.log()
    assert "Traceback" not in log
    assert SECRET not in log
    assert "E" * 35 not in log


async def test_webhook_refuses_calls_without_the_secret(
    api: BotApiServer, bot_process: BotProcess, hook_url: str
) -> None:
    await start_with_webhook(bot_process, api)

    wrong = await post_update(hook_url, api.message_update(STRANGER, "/start"), "not-the-secret")
    missing = await post_update(hook_url, api.message_update(STRANGER, "/help"), None)
    assert wrong.status_code == 403
    assert missing.status_code == 403

    # A genuine update sent after the refused ones is answered; by then the refused ones would
    # have been answered too, had they got through.
    accepted = await post_update(hook_url, api.message_update(USER, "/help"), SECRET)
    assert accepted.status_code == 200
    await api.wait_for_messages(USER, 1, timeout=30)
    assert api.messages_to(STRANGER) == []
    assert "Traceback" not in bot_process.log()


async def test_without_a_configured_secret_one_process_registers_a_random_one(
    api: BotApiServer, bot_process: BotProcess, hook_url: str
) -> None:
    del bot_process.env["WEBHOOK_SECRET_TOKEN"]
    await start_with_webhook(bot_process, api)
    assert api.webhook is not None
    secret = api.webhook.secret_token
    assert secret is not None
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret)

    forged = await post_update(hook_url, api.message_update(STRANGER, "/addfeed x"), None)
    assert forged.status_code == 403
    accepted = await post_update(hook_url, api.message_update(USER, "/help"), secret)
    assert accepted.status_code == 200
    await api.wait_for_messages(USER, 1, timeout=30)
    assert api.messages_to(STRANGER) == []
    assert secret not in bot_process.log()


async def test_a_webhook_the_bot_api_refuses_is_named_not_taken_for_a_network_fault(
    api: BotApiServer, bot_process: BotProcess, hook_url: str
) -> None:
    api.fail_always("setWebhook", Fault(400, "Bad Request: bad webhook: Failed to resolve host"))
    bot_process.launch()
    assert bot_process.process is not None
    returncode = await asyncio.to_thread(bot_process.process.wait, 180)
    assert returncode == 2
    last = bot_process.log().splitlines()[-1]
    assert last.startswith(f"the Bot API refused WEBHOOK_URL={hook_url} (setWebhook): ")
    assert "failed to resolve host" in last.lower()
    assert "cannot reach" not in bot_process.log()
