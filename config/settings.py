"""Every setting of the bot, read from the environment or `.env` once at start-up.

One flat `Settings` keeps the environment names the README documents (`TELEGRAM_BOT_TOKEN`,
`FEEDS`, `SUMMARIZER_BACKEND`, ...); small helpers derive the grouped views the parts need.
How a value is parsed from text and why one is refused live in `config.validation`.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config.validation import (
    blank_is_unset,
    bot_api_url_problem,
    checked_token,
    checked_webhook_secret,
    listen_address,
    log_level_name,
    split_list,
    webhook_url_problem,
)

__all__ = ["CONFIG_DIR", "Settings", "SettingsError", "load_settings"]

CONFIG_DIR = Path(__file__).resolve().parent


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and never echoes a secret."""


DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 3650
MAX_POLL_INTERVAL_SECONDS = 24 * 3600
MAX_FETCH_TIMEOUT_SECONDS = 600
MAX_FETCH_BYTES = 100_000_000
MAX_FEED_BUDGET_SECONDS = 3600
MAX_UPDATE_COOLDOWN_MINUTES = 7 * 24 * 60
MAX_STORY_WINDOW_HOURS = 24 * 365


class Settings(BaseSettings):
    """The bot's configuration; built once in `python -m bot` and passed down."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        # `inf` and `nan` pass a lower bound and crash later (a timedelta, a sleep): refused.
        allow_inf_nan=False,
    )

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    """Validated after the Bot API URL: whether plain http works depends on that server."""
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a deployment's choice, documented
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    # Storage
    data_dir: Path = Path("data")
    database_url: str | None = None
    # Stories (and their messages) are deleted this long after their latest report; 0 keeps
    # everything. Unset: `retention` (90 days, or longer when STORY_WINDOW_HOURS needs it).
    retention_days: int | None = Field(default=None, ge=0, le=MAX_RETENTION_DAYS)

    # Ingestion
    feeds: Annotated[list[str] | None, NoDecode] = None
    feeds_file: Path = CONFIG_DIR / "feeds.txt"
    # Upper bounds: beyond them a value is a typo, and a huge one overflows a sleep or a date.
    poll_interval_seconds: int = Field(default=300, ge=1, le=MAX_POLL_INTERVAL_SECONDS)
    fetch_timeout_seconds: float = Field(default=20.0, gt=0, le=MAX_FETCH_TIMEOUT_SECONDS)
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024, le=MAX_FETCH_BYTES)
    fetch_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # A page's extraction in the worker process; past it the worker is killed and replaced.
    # The slowest of the benchmark's 181 real pages took under a second.
    extract_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    user_agent: str = "ceasefire-bot/0.1 (+https://github.com/ceasefire-bot)"
    topic_file: Path = CONFIG_DIR / "topic.toml"
    relevance_threshold: float | None = Field(default=None, ge=-1.0, le=1.0)
    # A report relevance drops but gives at least this probability joins a story clustering
    # puts it in (never starts one): a second outlet's report of a kept development.
    relevance_join_threshold: float = Field(default=0.05, ge=0.0, le=1.0)
    # At most a year: stories look back twice the window, and a far larger one overflows the
    # date arithmetic of every placement, which would stop ingestion altogether.
    story_window_hours: float = Field(default=72.0, gt=0, le=MAX_STORY_WINDOW_HOURS)
    story_similarity: float = Field(default=0.375, ge=0.0, le=1.0)
    feed_budget_seconds: float = Field(default=120.0, gt=0, le=MAX_FEED_BUDGET_SECONDS)
    max_entries_per_poll: int = Field(default=100, ge=1, le=10_000)
    update_cooldown_minutes: float = Field(default=30.0, ge=0, le=MAX_UPDATE_COOLDOWN_MINUTES)
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
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    @model_validator(mode="before")
    @classmethod
    def _blank_data_dir(cls, data: object) -> object:
        """`DATA_DIR=` means "not set" (the `data` folder), not the working directory that
        an empty path would be; dropped before validation, so it is not counted as set."""
        if isinstance(data, dict) and blank_is_unset(data.get("data_dir", "-")) is None:
            return {key: value for key, value in data.items() if key != "data_dir"}
        return data

    @field_validator("admin_ids", "fetch_allowed_hosts", mode="before")
    @classmethod
    def _lists_from_env(cls, value: object) -> object:
        return split_list(value)

    @field_validator("feeds", mode="before")
    @classmethod
    def _feeds_from_env(cls, value: object) -> object:
        """An empty `FEEDS=` means "not set": the default list is followed, not none at all."""
        return split_list(blank_is_unset(value))

    @field_validator("telegram_bot_token", "webhook_url", "webhook_secret_token", mode="before")
    @classmethod
    def _blank_setting(cls, value: object) -> object:
        """.env.example ships `TELEGRAM_BOT_TOKEN=`: that is "not set yet", not a bad token."""
        return blank_is_unset(value)

    @field_validator("retention_days", mode="before")
    @classmethod
    def _blank_retention(cls, value: object) -> object:
        """`RETENTION_DAYS=` in .env means "not set": the default retention applies."""
        return blank_is_unset(value)

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_name(cls, value: object) -> object:
        return log_level_name(value)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        return checked_token(value)

    @field_validator("telegram_api_base_url", "telegram_api_file_url")
    @classmethod
    def _bot_api_url(cls, value: str) -> str:
        problem = bot_api_url_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value.strip()

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        problem = webhook_url_problem(value, info.data.get("telegram_api_base_url"))
        if problem is not None:
            raise ValueError(problem)
        return value.strip()

    @field_validator("webhook_listen")
    @classmethod
    def _listen_address(cls, value: str) -> str:
        return listen_address(value)

    @field_validator("webhook_secret_token")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        return checked_webhook_secret(value)

    @model_validator(mode="after")
    def _feeds_are_urls(self) -> Settings:
        for url in self.feeds or []:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"FEEDS: {url!r} is not an http(s) URL")
        return self

    @model_validator(mode="after")
    def _retention_outlasts_the_window(self) -> Settings:
        days = self.retention_days
        if days is not None and 0 < days < self.shortest_retention_days:
            raise ValueError(
                f"RETENTION_DAYS={days} is too short for STORY_WINDOW_HOURS="
                f"{self.story_window_hours:g}: use at least {self.shortest_retention_days} "
                "days (twice the story window and a day), or 0 to keep everything"
            )
        return self

    @property
    def shortest_retention_days(self) -> int:
        """A story still gains reports within twice the window of its latest one (clustering
        looks that far back); deleting it earlier would make its next report news again."""
        return math.ceil((2 * self.story_window_hours + 24) / 24)

    @property
    def retention(self) -> int:
        """Days a story is kept after its latest report (0: forever): RETENTION_DAYS, else 90,
        or the shortest the story window allows when that is longer."""
        if self.retention_days is not None:
            return self.retention_days
        return max(DEFAULT_RETENTION_DAYS, self.shortest_retention_days)

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

    def check_feeds(self) -> None:
        """Raise SettingsError (one line) unless there is at least one feed to poll.

        An ingesting role with no feeds would disable every followed feed in the database
        and then poll nothing, looking healthy; refusing to start says what to set instead.
        """
        self.check_feeds_file()
        if self.feed_urls():
            return
        if self.feeds is not None:
            raise SettingsError(
                "FEEDS lists no feed URLs: list at least one, or unset FEEDS to follow "
                f"FEEDS_FILE={self.feeds_file}"
            )
        raise SettingsError(f"FEEDS_FILE={self.feeds_file} lists no feed URLs: add one a line")

    def check_feeds_file(self) -> None:
        """Raise SettingsError (one line) unless FEEDS_FILE can be read and lists only http(s)
        URLs, when FEEDS is unset: a line that is not a URL would be a feed failing forever."""
        if self.feeds is not None:
            return
        path = self.feeds_file
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SettingsError(
                f"FEEDS_FILE={path} does not exist (set FEEDS or point FEEDS_FILE at a list)"
            ) from None
        except UnicodeDecodeError:
            raise SettingsError(f"FEEDS_FILE={path} is not UTF-8 text") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SettingsError(f"FEEDS_FILE={path} cannot be read: {reason}") from None
        for number, line in enumerate(text.splitlines(), 1):
            url = line.strip()
            if url and not url.startswith("#") and not url.startswith(("http://", "https://")):
                raise SettingsError(
                    f"FEEDS_FILE={path} line {number}: {url!r} is not an http(s) URL"
                )

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
