"""Running `python -m bot ...` as an operator would, in a clean environment of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli_environ(tmp_path: Path, **env: str) -> dict[str, str]:
    """This process's environment without the bot's token or feeds, with a database and data
    folder in `tmp_path`, and `env` on top."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "FEEDS"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", DATA_DIR=str(tmp_path), **env)
    return environ


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m bot *args` from the repository root; its exit code is the caller's to check."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
