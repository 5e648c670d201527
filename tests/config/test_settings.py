"""What an operator sees when configuring the bot through the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings, SettingsError, load_settings

TOKEN = "123456789:" + "A" * 35


def test_feeds_accept_a_json_list_or_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDS", '["https://a.example/rss", "https://b.example/atom"]')
    assert Settings(_env_file=None).feed_urls() == [
        "https://a.example/rss",
        "https://b.example/atom",
    ]
    monkeypatch.setenv("FEEDS", "https://a.example/rss, https://b.example/atom")
    assert Settings(_env_file=None).feed_urls() == [
        "https://a.example/rss",
        "https://b.example/atom",
    ]


def test_without_feeds_setting_the_default_list_is_followed() -> None:
    urls = Settings(_env_file=None).feed_urls()
    assert urls
    assert all(url.startswith("https://") for url in urls)


def test_admin_ids_from_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "42, 7")
    assert Settings(_env_file=None).admin_ids == [42, 7]


def test_malformed_token_is_refused_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token-secret-value")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)
    assert "not-a-token-secret-value" not in str(caught.value)


def test_missing_token_is_a_clear_error_when_the_bot_starts() -> None:
    settings = Settings(_env_file=None)
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN is not set"):
        settings.require_token()


def test_token_is_not_shown_in_the_settings_repr() -> None:
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN)
    assert settings.require_token() == TOKEN
    assert TOKEN not in repr(settings)


def test_feed_that_is_not_a_url_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDS", '["ftp://old.example/feed"]')
    with pytest.raises(SettingsError, match="ftp://old.example/feed"):
        load_settings(_env_file=None)


def test_database_defaults_to_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path.as_posix()}/bot.db"


def test_settings_come_from_a_dotenv_file(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("POLL_INTERVAL_SECONDS=60\nSUMMARIZER_BACKEND=seq2seq\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.poll_interval_seconds == 60
    assert settings.summarizer_backend == "seq2seq"


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(SettingsError, match="SUMMARIZER_BACKEND"):
        load_settings(_env_file=None, summarizer_backend="magic")
