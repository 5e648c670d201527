"""Keep the bot token out of every log line, whatever logger or level wrote it.

PTB logs the Bot API URL (`.../bot<token>`) at DEBUG, httpx logs request URLs at INFO, and a
network error's traceback can carry the URL too. Quieting those loggers one by one is never
complete, so a filter on the root handlers rewrites each record before it is written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

__all__ = ["REDACTED", "TokenRedactor", "install_redactor"]

REDACTED = "<redacted>"
# Anything shaped like a bot token, ours or not: digits, a colon (maybe URL-encoded), a secret.
_TOKEN_SHAPE = r"\d{1,20}(?::|%3[Aa])[A-Za-z0-9_-]{30,64}"


class TokenRedactor(logging.Filter):
    """Replaces the given secrets and anything token-shaped with `<redacted>` in a record:
    message, arguments, exception text and stack. `bot<token>` becomes `bot<redacted>`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        literals = set()
        for secret in secrets:
            if secret:
                literals.update({secret, quote(secret, safe="")})
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
