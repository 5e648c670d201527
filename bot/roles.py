"""`python -m bot run --role all|web|ingest|send`: the processes the bot can run as.

This is the composition root: it builds the services for a role and the Application around
them; nothing it builds imports it back.

- `all` (default): one process does everything: updates (long polling, or a webhook when
  WEBHOOK_URL is set), feed polls with the models, and sending.
- `web`: takes updates by webhook and answers commands (it loads the models for /summary);
  several replicas behind one URL are fine.
- `ingest`: polls feeds and runs the models, no Telegram; several share the feeds by claiming
  them row by row.
- `send`: drains the outbox. Only the holder of a PostgreSQL advisory lock sends, so the
  bot's one Telegram rate limit is kept by one process; others stand by and take over within
  a few seconds when it dies.

Every role runs inside one `asyncio.run`, with PTB's own start-up and shutdown (`async with
application`), and stops cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO
from urllib.parse import urlsplit

from pydantic import SecretStr
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TimedOut

from bot.app import build_application, post_init
from bot.context import BotApp
from bot.delivery.jobs import deliver
from bot.redact import TokenRedactor, settings_secrets
from bot.scheduling import SEND_INTERVAL_SECONDS
from bot.services import ROLES, Role, Services, build_services
from config import Settings, SettingsError

__all__ = ["ROLES", "run", "run_ingest_once", "with_webhook_secret"]

log = logging.getLogger(__name__)


class _WebhookRefused(Exception):
    """setWebhook was answered 400: the URL or the secret is wrong, not the network."""


class _CannotListen(Exception):
    """The webhook server could not bind its address; the message is the operator's line."""


def with_webhook_secret(settings: Settings, role: Role) -> Settings:
    """`settings` with a WEBHOOK_SECRET_TOKEN whenever this role takes updates by webhook.

    Without a secret the webhook would accept any POST, so anyone who finds the URL could
    forge an admin's /addfeed. A single `all` process registers the webhook itself, so a
    random secret per start works without the operator's help; `web` replicas share one URL
    and each registers it at start-up, so only a secret they all share can work: refuse.
    """
    if not settings.webhook_url or settings.webhook_secret_token is not None:
        return settings
    if role == "web":
        raise SettingsError(
            "--role web needs WEBHOOK_SECRET_TOKEN (the same value for every web replica: "
            "letters, digits, '_' or '-', up to 256), or anyone could post forged updates "
            "to WEBHOOK_URL"
        )
    if role != "all":
        return settings
    generated = SecretStr(secrets.token_urlsafe(32))
    return settings.model_copy(update={"webhook_secret_token": generated})


def run(settings: Settings, role: Role = "all") -> int:
    """Run `role` until stopped; the exit status (2 for a configuration problem)."""
    if role == "web" and not settings.webhook_url:
        sys.stderr.write("--role web takes updates by webhook: set WEBHOOK_URL\n")
        return 2
    try:
        settings = with_webhook_secret(settings, role)
        if role != "ingest":
            settings.require_token()
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return asyncio.run(_main(settings, role))


def _redacted(settings: Settings, error: BaseException) -> str:
    """An error's text without the token, whole or its secret half, or the webhook secret."""
    return TokenRedactor(settings_secrets(settings)).redact(str(error))


async def _main(settings: Settings, role: Role) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    problem = _listen_problem(settings, role)
    if problem is None and role != "ingest":
        problem = await _bot_api_problem(settings)
    if problem is not None:  # said before the models load, in one line
        sys.stderr.write(problem + "\n")
        return 2
    services = await build_services(settings, role)
    try:
        if role == "ingest":
            await _ingest(services, stop)
            return 0
        return await _telegram(settings, services, role, stop)
    finally:
        await services.aclose()


def _listen_problem(settings: Settings, role: Role) -> str | None:
    """Why the webhook server could not listen (a port in use, an address not on this
    machine), or None. Tried before the models load and before setWebhook points Telegram at
    a server that would never start; start_webhook's own failure is still caught, for a port
    taken in between."""
    if role not in ("all", "web") or not settings.webhook_url:
        return None
    host = settings.webhook_listen
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As the webhook server binds: a port in TIME_WAIT after a restart is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            probe.bind((host, settings.webhook_port))
    except OSError as exc:
        return _cannot_listen(settings, exc)
    return None


def _cannot_listen(settings: Settings, error: OSError) -> str:
    host = settings.webhook_listen
    address = f"[{host}]" if ":" in host else host
    return (
        f"cannot listen on WEBHOOK_LISTEN:WEBHOOK_PORT={address}:{settings.webhook_port}: "
        f"{error.strerror or error}"
    )


async def _bot_api_problem(settings: Settings) -> str | None:
    """Why the Bot API cannot be used with these settings, or None when get_me answers."""
    bot = Bot(
        settings.require_token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
    )
    try:
        async with bot:
            return None
    except InvalidToken:
        return _token_refused(settings)
    except (NetworkError, TimedOut) as exc:
        reason = _redacted(settings, exc)
        return (
            "cannot reach the Telegram Bot API at "
            f"TELEGRAM_API_BASE_URL={settings.telegram_api_base_url}: {reason}"
        )


def _token_refused(settings: Settings) -> str:
    """PTB raises InvalidToken for a 401 and a 404 alike: a wrong path is as likely as a
    revoked token, so the line names both settings."""
    return (
        f"the Bot API at TELEGRAM_API_BASE_URL={settings.telegram_api_base_url} refused the "
        "token or has no such path: check TELEGRAM_BOT_TOKEN with @BotFather, and the URL"
    )


async def _ingest(services: Services, stop: asyncio.Event) -> None:
    """Poll the feeds every POLL_INTERVAL_SECONDS until stopped; after each poll the changed
    stories are summarized in the background, so a slow summary run never delays a poll."""
    ingestor = services.ingestor
    assert ingestor is not None
    interval = services.settings.poll_interval_seconds
    while not stop.is_set():
        try:
            await ingestor.poll_once(summarize=True)
        except Exception:
            log.exception("feed poll failed; trying again at the next interval")
        ingestor.summarize_in_background()
        ingestor.prune_in_background()
        await _sleep_or_stop(stop, interval)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _telegram(
    settings: Settings, services: Services, role: Role, stop: asyncio.Event
) -> int:
    app = build_application(
        settings, services, with_jobs=role == "all", with_handlers=role != "send"
    )
    try:
        async with app:  # initialize: get_me tells whether the Bot API is there
            await _serve(settings, app, role, stop)
    except InvalidToken:
        sys.stderr.write(_token_refused(settings) + "\n")
        return 2
    except _CannotListen as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except _WebhookRefused as exc:
        sys.stderr.write(
            f"the Bot API refused WEBHOOK_URL={settings.webhook_url} (setWebhook): "
            f"{_redacted(settings, exc)}; check WEBHOOK_URL and WEBHOOK_SECRET_TOKEN\n"
        )
        return 2
    except BadRequest as exc:  # a NetworkError subclass, but the server did answer
        if app.running:
            raise
        sys.stderr.write(f"the Bot API refused a start-up call: {_redacted(settings, exc)}\n")
        return 2
    except (NetworkError, TimedOut) as exc:
        if app.running:
            raise
        reason = _redacted(settings, exc)
        sys.stderr.write(
            "cannot reach the Telegram Bot API at "
            f"TELEGRAM_API_BASE_URL={settings.telegram_api_base_url}: {reason}\n"
        )
        return 2
    return 0


async def _serve(settings: Settings, app: BotApp, role: Role, stop: asyncio.Event) -> None:
    services = app.bot_data.services
    assert services is not None
    if role != "send":
        await post_init(app)
    await app.start()
    updater = app.updater
    try:
        if role in ("all", "web") and updater is not None:
            if settings.webhook_url:
                secret = settings.webhook_secret_token
                try:
                    await updater.start_webhook(
                        listen=settings.webhook_listen,
                        port=settings.webhook_port,
                        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                        webhook_url=settings.webhook_url,
                        secret_token=secret.get_secret_value() if secret else None,
                        allowed_updates=Update.ALL_TYPES,
                    )
                except BadRequest as exc:
                    raise _WebhookRefused(exc.message) from exc
                except OSError as exc:
                    raise _CannotListen(_cannot_listen(settings, exc)) from exc
            else:
                await updater.start_polling(allowed_updates=Update.ALL_TYPES)
        if role == "send":
            await _every(SEND_INTERVAL_SECONDS, stop, lambda: _send_once(app))
        else:
            await stop.wait()
    finally:
        if updater is not None and updater.running:
            await updater.stop()
        await app.stop()


async def _send_once(app: BotApp) -> bool:
    services = app.bot_data.services
    assert services is not None
    return await deliver(services, app.bot)


async def _every(seconds: float, stop: asyncio.Event, work: Callable[[], Awaitable[bool]]) -> None:
    """Run `work` every `seconds`, or again at once while it says there is more to do."""
    while not stop.is_set():
        more = False
        try:
            more = await work()
        except Exception:
            log.exception("send round failed; trying again")
        if not more:
            await _sleep_or_stop(stop, seconds)


async def run_ingest_once(settings: Settings, out: TextIO) -> int:
    """Poll every feed once (ignoring backoff), with a progress bar on stderr, then summarize
    the changed stories before printing; 0 if any feed was read, 1 if all failed."""
    from tqdm import tqdm

    from bot.ingest.cli import cut, format_report
    from bot.ingest.feed_reader import FeedReport

    services = await build_services(settings, "ingest")
    try:
        assert services.ingestor is not None
        total = len(settings.feed_urls())
        with tqdm(total=total, desc="feeds", unit="feed", file=sys.stderr, leave=False) as bar:

            def advance(feed: FeedReport) -> None:
                bar.update(1)
                bar.set_postfix_str(cut(feed.title or feed.url, 30))

            report = await services.ingestor.poll_once(advance, ignore_backoff=True)
        report.revisions = await services.ingestor.summarize_dirty()
    finally:
        await services.aclose()
    out.write(format_report(report) + "\n")
    if report.feeds and all(f.error for f in report.feeds):
        return 1
    return 0
