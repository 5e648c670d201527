"""Every setting of the bot, read from the environment or `.env` once at start-up.

One flat `Settings` keeps the environment names the README documents (`TELEGRAM_BOT_TOKEN`,
`FEEDS`, `SUMMARIZER_BACKEND`, ...); small helpers derive the grouped views the parts need.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["CONFIG_DIR", "Settings", "SettingsError", "load_settings"]

CONFIG_DIR = Path(__file__).resolve().parent
TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and never echoes a secret."""


def _split_list(value: object) -> object:
    """Accept a JSON list (the pydantic-settings convention) or a comma-separated string."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


class Settings(BaseSettings):
    """The bot's configuration; built once in `python -m bot` and passed down."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a deployment's choice, documented
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    # Storage
    data_dir: Path = Path("data")
    database_url: str | None = None

    # Ingestion
    feeds: Annotated[list[str] | None, NoDecode] = None
    feeds_file: Path = CONFIG_DIR / "feeds.txt"
    poll_interval_seconds: int = Field(default=300, ge=1)
    fetch_timeout_seconds: float = Field(default=20.0, gt=0)
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024)
    fetch_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    user_agent: str = "ceasefire-bot/0.1 (+https://github.com/ceasefire-bot)"
    topic_file: Path = CONFIG_DIR / "topic.toml"
    relevance_threshold: float | None = Field(default=None, ge=-1.0, le=1.0)
    story_window_hours: float = Field(default=72.0, gt=0)
    story_similarity: float = Field(default=0.375, ge=0.0, le=1.0)
    feed_budget_seconds: float = Field(default=120.0, gt=0)
    max_entries_per_poll: int = Field(default=100, ge=1, le=10_000)
    update_cooldown_minutes: float = Field(default=30.0, ge=0)
    instance_id: str | None = Field(default=None, max_length=64)

    # Summarizer
    summarizer_backend: Literal["extractive", "seq2seq", "llm"] = "extractive"
    summarizer_model: str | None = None
    summarizer_max_points: int = Field(default=3, ge=1, le=10)
    embedding_model: str | None = None
    # One torch thread leaves the other core to the event loop; on a busy 2-core machine one
    # thread was also faster per article than two (bench/summarize_bench.py --threads).
    model_threads: int = Field(default=1, ge=1, le=64)

    # Delivery
    latest_default_count: int = Field(default=5, ge=1, le=20)
    log_level: str = "INFO"

    @field_validator("admin_ids", "fetch_allowed_hosts", "feeds", mode="before")
    @classmethod
    def _lists_from_env(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, "
                "then 30+ letters, digits, '-' or '_'); ask @BotFather for one"
            )
        return value

    @field_validator("telegram_api_base_url", "telegram_api_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @model_validator(mode="after")
    def _feeds_are_urls(self) -> Settings:
        for url in self.feeds or []:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"FEEDS: {url!r} is not an http(s) URL")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The URL SQLAlchemy gets: the default SQLite file lives in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'bot.db').as_posix()}"

    def feed_urls(self) -> list[str]:
        """The feeds to follow: `FEEDS` if set, else the default list file."""
        if self.feeds is not None:
            return list(self.feeds)
        lines = self.feeds_file.read_text(encoding="utf-8").splitlines()
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]

    def check_data_dir(self) -> None:
        """Raise SettingsError (one line) unless DATA_DIR can be created and written to.

        Checked at start-up when the default SQLite file lives there or DATA_DIR is set,
        so a file in its place or a read-only disk is named instead of a traceback.
        """
        if self.database_url and "data_dir" not in self.model_fields_set:
            return
        path = self.data_dir
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path):
                pass
        except FileExistsError:
            raise SettingsError(f"DATA_DIR={path} is a file, not a folder") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SettingsError(f"DATA_DIR={path} is not a writable folder: {reason}") from None

    def check_feeds_file(self) -> None:
        """Raise SettingsError (one line) unless FEEDS_FILE can be read, when FEEDS is unset."""
        if self.feeds is not None:
            return
        path = self.feeds_file
        try:
            path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SettingsError(
                f"FEEDS_FILE={path} does not exist (set FEEDS or point FEEDS_FILE at a list)"
            ) from None
        except UnicodeDecodeError:
            raise SettingsError(f"FEEDS_FILE={path} is not UTF-8 text") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SettingsError(f"FEEDS_FILE={path} cannot be read: {reason}") from None

    def require_token(self) -> str:
        """The token, for the one place that talks to Telegram."""
        if self.telegram_bot_token is None:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env "
                "(get one from @BotFather)"
            )
        return self.telegram_bot_token.get_secret_value().strip()


def load_settings(**overrides: object) -> Settings:
    """Build Settings, turning pydantic's report into one readable message per bad setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_input=False):
            name = ".".join(str(p) for p in err["loc"]).upper() or "settings"
            lines.append(f"{name}: {err['msg']}")
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
