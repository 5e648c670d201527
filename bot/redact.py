"""Keep the bot token out of every log line, whatever logger or level wrote it.

PTB logs the Bot API URL (`.../bot<token>`) at DEBUG, httpx logs request URLs at INFO, and a
network error's traceback can carry the URL too. Quieting those loggers one by one is never
complete, so a filter on the root handlers rewrites each record before it is written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from config import Settings

__all__ = ["REDACTED", "TokenRedactor", "install_redactor", "settings_secrets"]

REDACTED = "<redacted>"
# Anything shaped like a bot token, ours or not: digits, a colon (maybe URL-encoded), a secret.
_TOKEN_SHAPE = r"\d{1,20}(?::|%3[Aa])[A-Za-z0-9_-]{30,64}"


def _secret_parts(secret: str) -> set[str]:
    """The secret, and for a bot token also its part after the colon: an error can quote that
    half alone (httpx's "Invalid port: '<secret>'" when a base URL lacks its path)."""
    parts = {secret}
    _bot_id, colon, after = secret.partition(":")
    if colon and after:
        parts.add(after)
    return parts


class TokenRedactor(logging.Filter):
    """Replaces the given secrets (a bot token's secret half too) and anything token-shaped
    with `<redacted>` in a record: message, arguments, exception text and stack.
    `bot<token>` becomes `bot<redacted>`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        literals = set()
        for secret in secrets:
            for part in _secret_parts(secret) if secret else ():
                literals.update({part, quote(part, safe="")})
        alternatives = [re.escape(s) for s in sorted(literals, key=len, reverse=True)]
        self._pattern = re.compile("|".join([*alternatives, _TOKEN_SHAPE]))

    def redact(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # mismatched arguments: keep them apart, redacted
            message = f"{record.msg} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redactor(secrets: Iterable[str], logger: logging.Logger | None = None) -> None:
    """Attach one `TokenRedactor` to every handler of `logger` (default: the root logger).

    On the handlers, not the logger: a logger's filters skip records propagated from child
    loggers (`telegram.ext`, `httpx`), a handler's filters see them all.
    """
    redactor = TokenRedactor(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)


def settings_secrets(settings: Settings) -> list[str]:
    """The secrets in `settings` no log line or error message may show."""
    tokens = (settings.telegram_bot_token, settings.webhook_secret_token)
    return [token.get_secret_value().strip() for token in tokens if token is not None]
