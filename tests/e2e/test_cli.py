"""An operator runs `python -m bot ingest --once` and `python -m bot latest` by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import cli_environ, run_cli
from tests.ingest.feeds import CEASEFIRE, CEASEFIRE_B, ELECTION, Item, page, rss
from tests.servers.news_site import NewsSite, Route

pytestmark = [pytest.mark.e2e, pytest.mark.model]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return cli_environ(tmp_path)


def serve_outlet(site: NewsSite, name: str, title: str, paragraphs: list[str]) -> str:
    slug = name.lower().replace(" ", "-")
    link = site.route(f"/{slug}/story", Route(body=page(title, paragraphs)))
    item = Item(title=title, link=link, description=paragraphs[0][:80], guid=f"{slug}-1")
    return site.route(
        f"/{slug}.xml", Route(body=rss(name, [item]), content_type="application/rss+xml")
    )


def test_ingest_once_prints_a_table_and_latest_shows_the_story(cli_env: dict[str, str]) -> None:
    with NewsSite() as site:
        feeds = [
            serve_outlet(site, "Outlet A", "Cease-fire talks open in Geneva", CEASEFIRE),
            serve_outlet(
                site, "Outlet B", "Delegations meet in Geneva for truce talks", CEASEFIRE_B
            ),
            serve_outlet(site, "City News", "A new library opens downtown", ELECTION),
            site.route("/broken.xml", Route(status=500)),
        ]
        cli_env["FEEDS"] = ",".join(feeds)
        cli_env["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
        ingest = run_cli(cli_env, "ingest", "--once")

    assert ingest.returncode == 0, ingest.stderr
    table = ingest.stdout
    assert "feed" in table
    assert "on-topic" in table
    assert "Outlet A" in table
    assert "City News" in table
    assert "HTTP 500" in table
    # Two outlets reporting the same talks fold into one story; the library is not news for us.
    latest = run_cli(cli_env, "latest", "-n", "5")
    assert latest.returncode == 0, latest.stderr
    assert latest.stdout.count("Geneva") >= 1
    assert "library" not in latest.stdout.lower()
    assert "Outlet A" in latest.stdout
    assert "Outlet B" in latest.stdout
    assert "2 outlets" in latest.stdout
    assert "changed" in latest.stdout


def test_latest_on_an_empty_database_says_so(cli_env: dict[str, str]) -> None:
    latest = run_cli(cli_env, "latest")
    assert latest.returncode == 0, latest.stderr
    assert "no stories" in latest.stdout.lower()


def test_latest_refuses_a_count_below_one(cli_env: dict[str, str]) -> None:
    latest = run_cli(cli_env, "latest", "-n", "0")
    assert latest.returncode == 2
    assert "from 1 to 1000" in latest.stderr


def test_latest_refuses_a_count_too_large_to_store_without_a_traceback(
    cli_env: dict[str, str],
) -> None:
    for count in ("99999999999999999999", "1001", "five"):
        latest = run_cli(cli_env, "latest", "-n", count)
        assert latest.returncode == 2
        assert (
            f"argument -n: must be a whole number from 1 to 1000, not '{count}'" in latest.stderr
        )
        assert "Traceback" not in latest.stderr
    assert run_cli(cli_env, "latest", "-n", "1000").returncode == 0


def test_invalid_settings_are_reported_without_a_traceback(cli_env: dict[str, str]) -> None:
    cli_env["POLL_INTERVAL_SECONDS"] = "often"
    result = run_cli(cli_env, "latest")
    assert result.returncode == 2
    assert "POLL_INTERVAL_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_a_token_explains_what_to_set(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "run")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


def test_a_missing_topic_file_is_named_without_a_traceback(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    cli_env["TOPIC_FILE"] = str(tmp_path / "nowhere.toml")
    result = run_cli(cli_env, "latest")
    assert result.returncode == 2
    assert "nowhere.toml does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unsupported_database_url_says_which_forms_work(cli_env: dict[str, str]) -> None:
    cli_env["DATABASE_URL"] = "mysql://bot:hunter2@db.internal/bot"
    result = run_cli(cli_env, "latest")
    assert result.returncode == 2
    assert "sqlite:///" in result.stderr
    assert "postgresql://" in result.stderr
    assert "hunter2" not in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_reported_without_the_password(
    cli_env: dict[str, str],
) -> None:
    cli_env["DATABASE_URL"] = "postgresql://bot:hunter2@127.0.0.1:9/bot?connect_timeout=2"
    result = run_cli(cli_env, "latest")
    assert result.returncode == 2
    assert "cannot use the database" in result.stderr
    assert "hunter2" not in result.stderr
    assert "Traceback" not in result.stderr


TOKEN = "123456:" + "E" * 35


@pytest.fixture
def run_env(cli_env: dict[str, str]) -> dict[str, str]:
    """`python -m bot run` with a well-formed token and quiet logs: stderr shows only errors.

    The Bot API is a loopback port nothing listens on, so even a regression that lets the bot
    start never sends anything off this machine.
    """
    cli_env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        TELEGRAM_API_FILE_URL="http://127.0.0.1:9/file/bot",
        LOG_LEVEL="WARNING",
    )
    return cli_env


def test_run_with_a_data_dir_that_is_a_file_names_it_in_one_line(
    run_env: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    run_env.pop("DATABASE_URL")
    run_env["DATA_DIR"] = str(blocker)
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"DATA_DIR={blocker} is a file, not a folder"]


def test_run_with_a_missing_feeds_file_names_it_in_one_line(
    run_env: dict[str, str], tmp_path: Path
) -> None:
    run_env["FEEDS_FILE"] = str(tmp_path / "nowhere.txt")
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"FEEDS_FILE={tmp_path / 'nowhere.txt'} does not exist")


def test_run_against_an_unreachable_bot_api_says_so_in_one_line(run_env: dict[str, str]) -> None:
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "cannot reach the Telegram Bot API at TELEGRAM_API_BASE_URL=http://127.0.0.1:9/bot: "
    )


def test_debug_logs_never_show_the_token(run_env: dict[str, str]) -> None:
    run_env["LOG_LEVEL"] = "DEBUG"
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    assert "Set Bot API URL: http://127.0.0.1:9/bot<redacted>" in result.stderr
    assert TOKEN.split(":")[1] not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("cannot reach the Telegram Bot API")


def test_a_bot_api_url_without_its_path_is_named_and_the_token_never_shown(
    run_env: dict[str, str],
) -> None:
    # Without "/bot" the token was appended to the host: its secret half became the port.
    run_env["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9"
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    assert TOKEN.split(":")[1] not in result.stdout + result.stderr
    assert "TELEGRAM_API_BASE_URL" in result.stderr
    assert "must end in /bot" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_feeds_setting_with_an_empty_feeds_file_refuses_to_ingest(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text("# no outlets yet\n", encoding="utf-8")
    cli_env.update(FEEDS="", FEEDS_FILE=str(feeds_file))
    result = run_cli(cli_env, "ingest", "--once")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"FEEDS_FILE={feeds_file} lists no feed URLs: add one a line"
    ]


def test_an_ingesting_role_with_no_feeds_refuses_to_start(run_env: dict[str, str]) -> None:
    run_env["FEEDS"] = ","
    for role in ("all", "ingest"):
        result = run_cli(run_env, "run", "--role", role)
        assert result.returncode == 2
        [line] = result.stderr.splitlines()
        assert line.startswith("FEEDS lists no feed URLs")


def test_an_unknown_log_level_lists_the_choices_without_a_traceback(
    cli_env: dict[str, str],
) -> None:
    cli_env["LOG_LEVEL"] = "verbose"
    result = run_cli(cli_env, "latest")
    assert result.returncode == 2
    assert "LOG_LEVEL" in result.stderr
    assert "'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_webhook_url_or_secret_is_named_before_anything_loads(
    run_env: dict[str, str],
) -> None:
    run_env["WEBHOOK_URL"] = "bot.example.com/hook"
    result = run_cli(run_env, "run")
    assert result.returncode == 2
    assert "WEBHOOK_URL" in result.stderr
    assert "cannot reach" not in result.stderr
    run_env.update(WEBHOOK_URL="https://bot.example.com/hook", WEBHOOK_SECRET_TOKEN="has spaces!")
    result = run_cli(run_env, "run", "--role", "web")
    assert result.returncode == 2
    assert "WEBHOOK_SECRET_TOKEN" in result.stderr
    assert "has spaces!" not in result.stderr
    assert "cannot reach" not in result.stderr


def test_web_replicas_without_a_shared_webhook_secret_refuse_to_start(
    run_env: dict[str, str],
) -> None:
    run_env["WEBHOOK_URL"] = "https://bot.example.com/hook"
    result = run_cli(run_env, "run", "--role", "web")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("--role web needs WEBHOOK_SECRET_TOKEN")
