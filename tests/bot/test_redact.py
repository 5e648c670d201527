"""The operator's logs never show the bot token, whatever logged it and at which level."""

from __future__ import annotations

import io
import logging

import pytest

from bot.redact import TokenRedactor, install_redactor

TOKEN = "123456789:" + "AbC-_9" * 6
OTHER_TOKEN = "42:" + "Z" * 35


@pytest.fixture
def logged() -> tuple[logging.Logger, io.StringIO]:
    """A private logger tree with one handler, like the root logger after basicConfig."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    parent = logging.getLogger("redact-test")
    parent.handlers = [handler]
    parent.setLevel(logging.DEBUG)
    parent.propagate = False
    install_redactor([TOKEN], parent)
    return parent, stream


def test_token_in_a_debug_url_argument_is_redacted(logged) -> None:
    parent, stream = logged
    child = parent.getChild("telegram.ext.ExtBot")  # records propagate up to the handler
    child.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
    assert stream.getvalue() == (
        "DEBUG redact-test.telegram.ext.ExtBot: Set Bot API URL: https://api.telegram.org/bot<redacted>\n"
    )


def _post_get_me() -> None:
    raise ConnectionError(f"cannot POST https://api.telegram.org/bot{TOKEN}/getMe")


def test_token_in_an_exception_traceback_is_redacted(logged) -> None:
    parent, stream = logged
    try:
        _post_get_me()
    except ConnectionError:
        parent.getChild("httpx").error("request failed for %r", TOKEN, exc_info=True)
    output = stream.getvalue()
    assert "Traceback" in output
    assert "bot<redacted>/getMe" in output
    assert TOKEN not in output


def test_url_encoded_and_unknown_token_shapes_are_redacted_too(logged) -> None:
    parent, stream = logged
    parent.warning("path %s and %s", TOKEN.replace(":", "%3A"), f"bot{OTHER_TOKEN}")
    parent.info(f"f-string with the token {TOKEN} and stack", stack_info=True)
    output = stream.getvalue()
    assert TOKEN.split(":")[1] not in output
    assert OTHER_TOKEN not in output
    assert "bot<redacted>" in output


def test_ordinary_messages_pass_unchanged() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "poll %d: %s", (3, "ok"), None)
    assert TokenRedactor([TOKEN]).filter(record)
    assert record.getMessage() == "poll 3: ok"


def _open_base_url_without_path() -> None:
    # httpx's error when TELEGRAM_API_BASE_URL has no path: the token's secret half is the port.
    raise ValueError(f"Invalid port: '{TOKEN.split(':')[1]}'")


def test_the_secret_half_of_the_token_alone_is_redacted(logged) -> None:
    parent, stream = logged
    secret_half = TOKEN.split(":")[1]
    try:
        _open_base_url_without_path()
    except ValueError:
        parent.error("start-up failed", exc_info=True)
    output = stream.getvalue()
    assert "Invalid port: '<redacted>'" in output
    assert secret_half not in output
    assert TokenRedactor([TOKEN]).redact(f"port '{secret_half}'") == "port '<redacted>'"
