"""`python -m bot run [--role R] | ingest --once | latest -n N | prune [--dry-run]`: the only
place that reads the environment."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from sqlalchemy.exc import OperationalError

from bot.redact import install_redactor, settings_secrets
from config import Settings, SettingsError, load_settings

MAX_LATEST = 1000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot (long polling, or a webhook if set)")
    run.add_argument(
        "--role",
        choices=["all", "web", "ingest", "send"],
        default="all",
        help="all (default): everything in one process; web: webhook updates and commands; "
        "ingest: feeds and models; send: the outbox (one active sender per database)",
    )
    prune = commands.add_parser("prune", help="delete what is older than RETENTION_DAYS")
    prune.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    ingest = commands.add_parser("ingest", help="poll the feeds")
    ingest.add_argument("--once", action="store_true", required=True, help="poll every feed once")
    latest = commands.add_parser("latest", help="print the newest stories with key points")
    latest.add_argument(
        "-n",
        type=_story_count,
        default=5,
        help=f"how many stories (default 5, at most {MAX_LATEST})",
    )
    return parser


def _story_count(value: str) -> int:
    """-n as argparse's usage error, not a traceback: a 20-digit count overflows SQLite."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_LATEST:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to {MAX_LATEST}, not {value!r}"
        )
    return count


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        settings.check_data_dir()
        if args.command == "ingest" or (args.command == "run" and args.role in ("all", "ingest")):
            settings.check_feeds()  # a poller with no feeds would disable every feed
        elif args.command == "run":
            settings.check_feeds_file()
        if args.command == "run":
            from bot.roles import with_webhook_secret

            # Before the redactor is built, so a generated secret is redacted too.
            settings = with_webhook_secret(settings, args.role)
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # The Bot API URL carries the token: PTB logs it at DEBUG, httpx every request at INFO.
    install_redactor(settings_secrets(settings))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # A service's stderr is its log: no model-loading progress bars in it.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # Models load from folders only (summarizer.local_models): nothing may ask the hub either.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # Opt in to PTB 23's timedelta retry_after, instead of a deprecation warning per 429.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    try:
        return _dispatch(args, settings)
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except OperationalError as exc:
        # The driver's first line names the host and the reason, never the password.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        sys.stderr.write(f"cannot use the database: {reason}\n")
        return 2
    except KeyboardInterrupt:  # Ctrl-C before a role's own handler is set, or in ingest --once
        sys.stderr.write("interrupted\n")
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        from bot.roles import run

        return run(settings, args.role)
    if args.command == "ingest":
        from bot.roles import run_ingest_once

        return asyncio.run(run_ingest_once(settings, sys.stdout))
    if args.command == "prune":
        from bot.ingest.daily_prune import print_prune

        return print_prune(settings, sys.stdout, dry_run=args.dry_run)
    from bot.ingest.cli import print_latest

    return print_latest(settings, args.n, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
