"""Run the real `python -m bot run` against the loopback Bot API and news site."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers.news_site import NewsSite
from tests.servers.telegram_api import BotApiServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:" + "E" * 35
STARTUP_TIMEOUT = 120.0


@dataclass
class BotProcess:
    """The bot as a subprocess; `start()` again after `kill()` to simulate a restart."""

    env: dict[str, str]
    log_path: Path
    args: tuple[str, ...] = ("run",)
    process: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)

    def launch(self) -> None:
        """Start the process without waiting for it to be ready."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1

    async def start(self, server: BotApiServer) -> None:
        commands_before = server.calls.count("setMyCommands")
        self.launch()
        assert self.process is not None
        # The bot is up once post_init has registered its commands.
        async with asyncio.timeout(STARTUP_TIMEOUT):
            while server.calls.count("setMyCommands") <= commands_before:
                if self.process.poll() is not None:
                    raise AssertionError(f"bot exited:\n{self.log_path.read_text()[-3000:]}")
                await asyncio.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    with NewsSite() as site:
        yield site


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        yield server


@pytest.fixture
def bot_env(api: BotApiServer, news_site: NewsSite, tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "FEEDS", "WEBHOOK_", "ADMIN_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        DATA_DIR=str(tmp_path),
        FEEDS=news_site.url("/feed.xml"),
        POLL_INTERVAL_SECONDS="1",
        FETCH_ALLOWED_HOSTS="127.0.0.1",
        ADMIN_IDS="1",
        PTB_TIMEDELTA="true",
        LOG_LEVEL="INFO",
    )
    return env


@pytest.fixture
async def bot_process(bot_env: dict[str, str], tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(bot_env, tmp_path / "bot.log")
    yield process
    process.stop()
