"""How settings are read from text and checked: the parsing and the reasons a value is refused.

Kept apart from `config.settings`, which declares the settings and what they mean; these are
plain functions over strings (no pydantic), and a refusal is a ValueError whose message names
the rule, never the value (a Bot API URL or secret may hold the token).
"""

from __future__ import annotations

import ipaddress
import json
import re
from urllib.parse import SplitResult, urlsplit

from pydantic import SecretStr

__all__ = [
    "CLOUD_WEBHOOK_PORTS",
    "TELEGRAM_CLOUD_HOST",
    "TOKEN_PATTERN",
    "WEBHOOK_SECRET_PATTERN",
    "blank_is_unset",
    "bot_api_url_problem",
    "checked_token",
    "checked_webhook_secret",
    "listen_address",
    "log_level_name",
    "split_list",
    "webhook_url_problem",
]

TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")
# What Telegram's setWebhook accepts as secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# PTB appends the token to a base URL unless the URL says where it goes.
_TOKEN_INSERTIONS = (
    "{token}",
    "{TOKEN}",
    "{bot_token}",
    "{BOT_TOKEN}",
    "{bot-token}",
    "{BOT-TOKEN}",
)
TELEGRAM_CLOUD_HOST = "api.telegram.org"
# Telegram's cloud Bot API calls webhooks only on these ports, and only over HTTPS.
CLOUD_WEBHOOK_PORTS = (443, 80, 88, 8443)


def split_list(value: object) -> object:
    """Accept a JSON list (the pydantic-settings convention) or a comma-separated string."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


def blank_is_unset(value: object) -> object:
    """`NAME=` in .env means "not set", not "set to nothing"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def log_level_name(value: object) -> object:
    """Any case, and the aliases Python's logging takes ('WARN', 'FATAL')."""
    if not isinstance(value, str):
        return value
    name = value.strip().upper()
    return {"WARN": "WARNING", "FATAL": "CRITICAL"}.get(name, name)


def checked_token(value: SecretStr | None) -> SecretStr | None:
    if value is not None and not TOKEN_PATTERN.match(value.get_secret_value().strip()):
        raise ValueError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, "
            "then 30+ letters, digits, '-' or '_'); ask @BotFather for one"
        )
    return value


def checked_webhook_secret(value: SecretStr | None) -> SecretStr | None:
    if value is not None and not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
        raise ValueError(
            "may hold only letters A-Z and a-z, digits, '_' and '-', 1 to 256 of them "
            "(Telegram's rule for secret_token)"
        )
    return value


def listen_address(value: str) -> str:
    """An address only, checked now: a host name or a typo would otherwise fail only once
    the models have loaded, as a traceback."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError(
            "must be an IP address of this machine to listen on, e.g. 0.0.0.0 (every "
            "IPv4 address), :: (every address) or 127.0.0.1"
        ) from None


def _split_url(value: str) -> SplitResult | None:
    """The URL's parts, or None when its port is not a number in range."""
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked for it
    except ValueError:
        return None
    return parts


def bot_api_url_problem(value: str) -> str | None:
    """Why PTB could not build working Bot API URLs from `value` (None: it can).

    PTB appends the token to the base URL, so `http://localhost` would make the token's
    secret half the port. The message never repeats the value: it may hold the token.
    """
    parts = _split_url(value)
    if parts is None or parts.scheme not in ("http", "https"):
        return "must be an http:// or https:// URL with a numeric port, e.g. http://127.0.0.1:8081/bot"
    if not parts.hostname:
        return "has no host; write it as http(s)://host[:port]/bot"
    if any(insertion in value for insertion in _TOKEN_INSERTIONS):
        return None
    if parts.query or parts.fragment or not parts.path.endswith("/bot"):
        return (
            "must end in /bot (the bot token is appended to it), "
            "e.g. http://127.0.0.1:8081/bot or .../file/bot for the file URL"
        )
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url_problem(value: str, bot_api_base_url: str | None) -> str | None:
    """Why Telegram would refuse `value` in setWebhook (None: it looks acceptable).

    Plain http is kept for a webhook on this machine and for a local Bot API server, which
    calls webhooks over http; Telegram's own servers need https on one of their four ports.
    """
    example = "e.g. https://bot.example.com/telegram"
    parts = _split_url(value)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return f"must be the full https:// URL Telegram sends updates to, {example}"
    if parts.fragment:
        return f"must not have a #fragment, {example}"
    api_host = urlsplit(bot_api_base_url or "").hostname
    cloud = api_host is None or api_host == TELEGRAM_CLOUD_HOST
    if parts.scheme == "http" and cloud and not _is_loopback(parts.hostname):
        return (
            "must start with https:// (Telegram calls webhooks over HTTPS only; plain http "
            f"works only with a local Bot API server or on this machine), {example}"
        )
    if cloud and parts.scheme == "https" and (parts.port or 443) not in CLOUD_WEBHOOK_PORTS:
        return "must use port 443, 80, 88 or 8443: Telegram calls webhooks on no other port"
    return None
