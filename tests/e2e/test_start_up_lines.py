"""An operator starts `python -m bot` with a setting the machine cannot honour: one line on
stderr names the setting, the exit code is 2, and nothing loads first."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from tests.cli import cli_environ, run_cli
from tests.servers.telegram_api import BotApiServer

pytestmark = [pytest.mark.e2e]

TOKEN = "123456:" + "E" * 35


@pytest.fixture
def run_env(tmp_path: Path) -> dict[str, str]:
    """A well-formed token and a Bot API on a loopback port nothing listens on."""
    return cli_environ(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        TELEGRAM_API_FILE_URL="http://127.0.0.1:9/file/bot",
        FEEDS="http://127.0.0.1:9/feed.xml",
        LOG_LEVEL="WARNING",
    )


def test_a_webhook_port_already_in_use_is_named_in_one_line(run_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run_env.update(
            WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET_TOKEN="shared-secret",
        )
        result = run_cli(run_env, "run")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cannot listen on WEBHOOK_LISTEN:WEBHOOK_PORT=127.0.0.1:{port}: Address already in use"
    ]


def test_an_embedding_model_folder_that_is_missing_is_named_in_one_line(
    run_env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-encoder"
    run_env["EMBEDDING_MODEL"] = str(missing)
    result = run_cli(run_env, "ingest", "--once")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"cannot load EMBEDDING_MODEL: Embedding model folder not found: {missing}"
    )


async def test_a_bot_api_url_with_a_wrong_path_is_not_blamed_on_the_token(
    run_env: dict[str, str], api: BotApiServer
) -> None:
    # Telegram answers 404 to an unknown path and 401 to a bad token; PTB calls both an
    # invalid token, so the line has to name the URL as well.
    base_url = api.base_url.replace("/bot", "/wrong/bot")
    run_env["TELEGRAM_API_BASE_URL"] = base_url
    result = await asyncio.to_thread(run_cli, run_env, "run")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"the Bot API at TELEGRAM_API_BASE_URL={base_url} refused the token or has no such "
        "path: check TELEGRAM_BOT_TOKEN with @BotFather, and the URL"
    ]
