"""Watching where the bot decodes page and feed bodies to text: never on the event loop."""

from __future__ import annotations

import asyncio

import pytest

import summarizer.charset


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def watch_decoding(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per body this process decodes from now on (every `decode_body` asks
    `declared_charset` first): True when it was decoded on the event loop's thread. A body
    decoded in the extraction worker process leaves no entry."""
    calls: list[bool] = []
    original = summarizer.charset.declared_charset

    def spy(content: bytes, content_type: str = "") -> str | None:
        calls.append(_on_the_loop())
        return original(content, content_type)

    monkeypatch.setattr(summarizer.charset, "declared_charset", spy)
    return calls
