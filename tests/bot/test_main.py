"""`python -m bot` itself: what its help lists, and what Ctrl-C shows."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import pytest

import bot.roles
from bot.__main__ import _parser, main
from config import Settings


def test_ctrl_c_during_ingest_once_says_interrupted_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the repository's
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FEEDS", "http://127.0.0.1:9/feed.xml")
    for name in ("HF_HUB_DISABLE_PROGRESS_BARS", "HF_HUB_OFFLINE", "PTB_TIMEDELTA"):
        monkeypatch.setenv(name, "1")  # main sets these defaults; restored after the test

    async def pressed_ctrl_c(settings: Settings, out: TextIO) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(bot.roles, "run_ingest_once", pressed_ctrl_c)

    try:
        code = main(["ingest", "--once"])
    except KeyboardInterrupt:  # as pytest would take it: the user stopping the whole run
        pytest.fail("Ctrl-C escaped main: the operator sees a traceback")
    assert code == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_the_help_summary_names_every_command() -> None:
    summary = _parser().description or ""
    for command in ("run", "ingest --once", "latest", "prune"):
        assert command in summary
