"""What an operator sees when configuring the bot through the environment."""

from __future__ import annotations

import errno
import tempfile
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


def test_the_empty_token_line_of_env_example_means_not_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    settings = load_settings(_env_file=None)  # `latest` and `ingest --once` need no token
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


def test_a_story_window_beyond_a_year_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORY_WINDOW_HOURS", "1e7")
    with pytest.raises(SettingsError, match="STORY_WINDOW_HOURS: .* 8760"):
        load_settings(_env_file=None)
    monkeypatch.setenv("STORY_WINDOW_HOURS", str(24 * 365))
    assert load_settings(_env_file=None).story_window_hours == 8760


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(SettingsError, match="SUMMARIZER_BACKEND"):
        load_settings(_env_file=None, summarizer_backend="magic")


def test_a_data_dir_that_is_a_file_is_named_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    for data_dir in (blocker, blocker / "sub"):
        with pytest.raises(SettingsError) as caught:
            Settings(_env_file=None, data_dir=data_dir).check_data_dir()
        message = str(caught.value)
        assert message.startswith(f"DATA_DIR={data_dir} ")
        assert "\n" not in message


def test_a_read_only_data_dir_is_named_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    with pytest.raises(SettingsError, match=r"^DATA_DIR=.* is not a writable folder: Read-only"):
        Settings(_env_file=None, data_dir=tmp_path).check_data_dir()


def test_a_creatable_data_dir_is_created(tmp_path: Path) -> None:
    Settings(_env_file=None, data_dir=tmp_path / "new" / "data").check_data_dir()
    assert (tmp_path / "new" / "data").is_dir()


def test_a_missing_feeds_file_is_named_unless_feeds_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FEEDS", raising=False)
    missing = tmp_path / "feeds.txt"
    with pytest.raises(SettingsError, match=r"^FEEDS_FILE=.*feeds.txt does not exist"):
        Settings(_env_file=None, feeds_file=missing).check_feeds_file()
    with pytest.raises(SettingsError, match=r"^FEEDS_FILE=.* cannot be read"):
        Settings(_env_file=None, feeds_file=tmp_path).check_feeds_file()  # a folder
    Settings(
        _env_file=None, feeds_file=missing, feeds=["https://a.example/rss"]
    ).check_feeds_file()


def test_a_bot_api_url_without_its_bot_path_is_refused_before_the_token_is_appended() -> None:
    # PTB appends the token: "http://localhost" would make its secret half the port.
    for url in (
        "http://localhost",
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "http:///bot",
    ):
        with pytest.raises(SettingsError) as caught:
            load_settings(_env_file=None, telegram_api_base_url=url, telegram_bot_token=TOKEN)
        message = str(caught.value)
        assert "TELEGRAM_API_BASE_URL" in message
        assert "/bot" in message
        assert TOKEN.split(":")[1] not in message
    with pytest.raises(SettingsError, match="TELEGRAM_API_FILE_URL"):
        load_settings(_env_file=None, telegram_api_file_url="http://127.0.0.1:8081/file")
    with pytest.raises(SettingsError, match="TELEGRAM_API_BASE_URL.*numeric port"):
        load_settings(_env_file=None, telegram_api_base_url="http://127.0.0.1:port/bot")


def test_a_local_bot_api_server_and_a_token_template_are_accepted() -> None:
    local = load_settings(
        _env_file=None,
        telegram_api_base_url="http://127.0.0.1:8081/bot",
        telegram_api_file_url="http://127.0.0.1:8081/file/bot",
    )
    assert local.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    templated = load_settings(
        _env_file=None, telegram_api_base_url="https://p.example/bot{token}/x"
    )
    assert templated.telegram_api_base_url.endswith("{token}/x")
    spaced = load_settings(_env_file=None, telegram_api_base_url=" http://127.0.0.1:8081/bot ")
    assert spaced.telegram_api_base_url == "http://127.0.0.1:8081/bot"  # the token goes last


def test_an_empty_feeds_setting_follows_the_default_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDS", "")
    settings = load_settings(_env_file=None)
    assert settings.feeds is None
    assert settings.feed_urls() == Settings(_env_file=None, feeds=None).feed_urls()
    assert settings.feed_urls()
    settings.check_feeds()


def test_an_ingester_with_no_feed_to_poll_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDS", ",")
    with pytest.raises(SettingsError, match=r"^FEEDS lists no feed URLs") as caught:
        load_settings(_env_file=None).check_feeds()
    assert "\n" not in str(caught.value)
    monkeypatch.delenv("FEEDS")
    only_comments = tmp_path / "feeds.txt"
    only_comments.write_text("# every outlet was removed\n\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^FEEDS_FILE=.*feeds.txt lists no feed URLs"):
        load_settings(_env_file=None, feeds_file=only_comments).check_feeds()


def test_a_webhook_url_telegram_would_refuse_is_named_at_start_up() -> None:
    for url in ("bot.example.com/hook", "http://bot.example.com/hook", "https://:8443/hook"):
        with pytest.raises(SettingsError, match=r"WEBHOOK_URL: .*https://") as caught:
            load_settings(_env_file=None, webhook_url=url)
        assert "cannot reach" not in str(caught.value)
    with pytest.raises(SettingsError, match=r"WEBHOOK_URL: .*port 443, 80, 88 or 8443"):
        load_settings(_env_file=None, webhook_url="https://bot.example.com:9000/hook")


def test_plain_http_webhooks_are_kept_for_this_machine_and_a_local_bot_api() -> None:
    assert load_settings(
        _env_file=None, webhook_url="https://bot.example.com/telegram"
    ).webhook_url
    assert load_settings(_env_file=None, webhook_url="http://127.0.0.1:8443/hook").webhook_url
    local = load_settings(
        _env_file=None,
        telegram_api_base_url="http://127.0.0.1:8081/bot",
        webhook_url="http://bot.internal:9000/hook",
    )
    assert local.webhook_url == "http://bot.internal:9000/hook"
    assert load_settings(_env_file=None, webhook_url="").webhook_url is None


def test_a_webhook_secret_telegram_would_refuse_is_named_without_echoing_it() -> None:
    for secret in ("has spaces!", "x" * 257, "ümlaut"):
        with pytest.raises(SettingsError) as caught:
            load_settings(_env_file=None, webhook_secret_token=secret)
        message = str(caught.value)
        assert "WEBHOOK_SECRET_TOKEN" in message
        assert "A-Z" in message
        assert secret not in message
    ok = load_settings(_env_file=None, webhook_secret_token="Abc_-09" * 10)
    assert ok.webhook_secret_token is not None
    assert load_settings(_env_file=None, webhook_secret_token=" ").webhook_secret_token is None


def test_log_level_is_one_of_the_logging_names_in_any_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings(_env_file=None).log_level == "DEBUG"
    monkeypatch.setenv("LOG_LEVEL", "warn")  # Python's logging takes these aliases too
    assert load_settings(_env_file=None).log_level == "WARNING"
    monkeypatch.setenv("LOG_LEVEL", "FATAL")
    assert load_settings(_env_file=None).log_level == "CRITICAL"
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    with pytest.raises(SettingsError, match=r"LOG_LEVEL: .*'DEBUG'.*'CRITICAL'"):
        load_settings(_env_file=None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "EXTRACT_TIMEOUT_SECONDS: Input should be greater than 0"),
        ("3600", "EXTRACT_TIMEOUT_SECONDS: Input should be less than or equal to 600"),
        ("ten", "EXTRACT_TIMEOUT_SECONDS: Input should be a valid number"),
    ],
)
def test_a_bad_extraction_timeout_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    assert load_settings(_env_file=None).extract_timeout_seconds == 10
    monkeypatch.setenv("EXTRACT_TIMEOUT_SECONDS", value)
    with pytest.raises(SettingsError) as refused:
        load_settings(_env_file=None)
    assert message in str(refused.value)
