"""The one factory that wires the Telegram Application, and `run_bot` for `python -m bot run`."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import cast
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TimedOut
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.context import BotApp, BotContext, BotData
from bot.delivery.jobs import poll_job, send_job
from bot.handlers import ALL_HANDLERS, register_menus
from bot.handlers.common import answer, translator_for
from bot.i18n import N_
from bot.scheduling import register_jobs
from bot.services import Services, build_services
from bot.storage.models import utcnow
from bot.storage.outbox import recover_expired, recover_own
from config import Settings, SettingsError

__all__ = ["build_application", "run_bot"]

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3
# Telegram allows about 30 messages a second overall. A bucket of one refilled 30 times a second
# spreads them evenly; a bucket of 30 would burst 30 at once and then trip the limit.
MESSAGES_PER_SECOND = 30
SORRY = N_("Sorry, something went wrong on my side. Please try again in a minute.")


async def on_error(update: object, context: BotContext) -> None:
    """Log the error with its traceback; tell the user briefly, never the details."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await answer(update, context, translator_for(update, context).gettext(SORRY))
        except Exception:
            log.warning("could not tell the user about the error", exc_info=True)


async def post_init(app: BotApp) -> None:
    """Register the commands and requeue what a crash left in flight, before any job runs."""
    services = app.bot_data.services
    assert services is not None
    await register_menus(app.bot)  # the command menu in each language
    recovered = await asyncio.to_thread(
        recover_own, services.db, services.sender.owner, utcnow()
    ) + await asyncio.to_thread(recover_expired, services.db, utcnow())
    if recovered:
        log.warning("%d deliveries were in flight at a stop: sending them again", recovered)


def build_application(
    settings: Settings,
    services: Services,
    *,
    request: BaseRequest | None = None,
    with_jobs: bool = True,
) -> BotApp:
    """Build the Application: handlers, HTML defaults, rate limiter, jobs and services."""
    builder = (
        Application.builder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_file_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=1,
                overall_time_period=1 / MESSAGES_PER_SECOND,
                max_retries=RATE_LIMIT_RETRIES,
            )
        )
        .post_init(post_init)
    )
    if request is not None:
        builder = builder.request(request)
    app = cast(BotApp, builder.build())
    app.bot_data.services = services
    app.add_handlers(ALL_HANDLERS)
    app.add_error_handler(on_error)
    if with_jobs and app.job_queue is not None:
        register_jobs(
            app.job_queue,
            poll_interval=settings.poll_interval_seconds,
            poll=poll_job if services.ingestor is not None else None,
            send=send_job,
        )
    return app


def run_bot(settings: Settings) -> int:
    """Run until stopped: long polling, or a webhook when WEBHOOK_URL is set. Exit status."""
    try:
        settings.require_token()
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    # Opt in to PTB 23's timedelta retry_after now, instead of a deprecation warning per 429.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    services: Services | None = None
    try:
        services = loop.run_until_complete(build_services(settings))
        app = build_application(settings, services)
        try:
            loop.run_until_complete(app.bot.initialize())  # get_me: is the Bot API there?
        except (NetworkError, TimedOut) as exc:
            reason = str(exc).replace(settings.require_token(), "<redacted>")
            sys.stderr.write(
                "cannot reach the Telegram Bot API at "
                f"TELEGRAM_API_BASE_URL={settings.telegram_api_base_url}: {reason}\n"
            )
            return 2
        if settings.webhook_url:
            secret = settings.webhook_secret_token
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES,
                close_loop=False,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    except InvalidToken:
        sys.stderr.write("Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather\n")
        return 2
    finally:
        if services is not None:
            loop.run_until_complete(services.aclose())
        loop.close()
    return 0
