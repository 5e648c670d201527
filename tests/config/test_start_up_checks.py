"""Settings an operator can get wrong in ways that used to pass the load and fail later."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError, load_settings


def test_the_webhook_listen_address_must_be_an_ip_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for address in ("localhost", "0.0.0.0:8443", "bot.example.com", "999.1.1.1"):
        monkeypatch.setenv("WEBHOOK_LISTEN", address)
        with pytest.raises(SettingsError, match=r"WEBHOOK_LISTEN: .*IP address"):
            load_settings(_env_file=None)
    for address in ("127.0.0.1", "::", " 0.0.0.0 ", "::1"):
        monkeypatch.setenv("WEBHOOK_LISTEN", address)
        assert load_settings(_env_file=None).webhook_listen == address.strip()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("POLL_INTERVAL_SECONDS", "99999999999999999999"),
        ("POLL_INTERVAL_SECONDS", "86401"),
        ("FEED_BUDGET_SECONDS", "inf"),
        ("FEED_BUDGET_SECONDS", "3601"),
        ("UPDATE_COOLDOWN_MINUTES", "inf"),
        ("UPDATE_COOLDOWN_MINUTES", "10081"),
        ("FETCH_TIMEOUT_SECONDS", "inf"),
        ("FETCH_TIMEOUT_SECONDS", "601"),
        ("FETCH_MAX_BYTES", "99999999999999999999"),
    ],
)
def test_an_endless_or_absurd_number_is_refused_when_the_settings_load(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    # Each used to pass the load and then crash the bot: an OverflowError at start, or a
    # traceback at every poll.
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=rf"^invalid settings:\n  {name}: "):
        load_settings(_env_file=None)


def test_the_largest_sensible_numbers_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = {
        "POLL_INTERVAL_SECONDS": "86400",
        "FEED_BUDGET_SECONDS": "3600",
        "UPDATE_COOLDOWN_MINUTES": "10080",
        "FETCH_TIMEOUT_SECONDS": "600",
        "FETCH_MAX_BYTES": "100000000",
    }
    for name, value in limits.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None)
    assert settings.poll_interval_seconds == 86400
    assert settings.update_cooldown_minutes == 10080


def test_a_feeds_file_line_that_is_not_a_url_is_named_with_its_line_number(
    tmp_path: Path,
) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        "# outlets\n\nhttps://news.example/rss\n  not-a-url  \nhttp://other.example/feed\n",
        encoding="utf-8",
    )
    settings = load_settings(_env_file=None, feeds_file=feeds)
    with pytest.raises(SettingsError) as caught:
        settings.check_feeds()
    assert str(caught.value) == f"FEEDS_FILE={feeds} line 4: 'not-a-url' is not an http(s) URL"


def test_a_feeds_file_of_urls_and_comments_is_accepted(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# outlets\n\n https://news.example/rss\n", encoding="utf-8")
    settings = load_settings(_env_file=None, feeds_file=feeds)
    settings.check_feeds()
    assert settings.feed_urls() == ["https://news.example/rss"]


def test_an_empty_data_dir_means_unset_not_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", "")
    settings = load_settings(_env_file=None)
    assert settings.resolved_database_url == "sqlite:///data/bot.db"
    # With its own database the bot never touches the data folder it was not given.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    load_settings(_env_file=None).check_data_dir()
    assert not (tmp_path / "data").exists()
