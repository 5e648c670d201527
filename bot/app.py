"""The one factory that wires the Telegram Application (bot.roles runs it)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.context import BotApp, BotContext, BotData
from bot.delivery.jobs import poll_job, send_job
from bot.handlers import ALL_HANDLERS, register_menus
from bot.handlers.common import answer, translator_for
from bot.i18n import N_
from bot.scheduling import register_jobs
from config import Settings

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["build_application", "post_init"]

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
    """Register the commands (what a crash left in flight is requeued by the first send round:
    `bot.delivery.jobs.deliver`)."""
    await register_menus(app.bot)  # the command menu in each language


def build_application(
    settings: Settings,
    services: Services,
    *,
    request: BaseRequest | None = None,
    with_jobs: bool = True,
    with_handlers: bool = True,
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
    if with_handlers:
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
