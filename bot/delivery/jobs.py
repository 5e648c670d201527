"""The two repeating jobs: poll the feeds, and send what is due. Both fan out first.

Fan-out runs in both so stories written by another process (`python -m bot ingest --once`) are
delivered too; it is idempotent, so running it often costs one query.
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import TYPE_CHECKING, Any

from telegram import Bot
from telegram.ext import JobQueue

if TYPE_CHECKING:
    from bot.services import Services

from bot.context import BotContext
from bot.storage.fanout import fan_out
from bot.storage.models import utcnow
from bot.storage.outbox import recover_expired

__all__ = ["SEND_BUDGET_SECONDS", "deliver", "poll_job", "send_job"]

log = logging.getLogger(__name__)

# A drain stops starting new messages after this long, so shutdown never waits on a broadcast;
# the next run carries on where it stopped.
SEND_BUDGET_SECONDS = 10.0


async def deliver(services: Services, bot: Bot) -> bool:
    """Fan out new revisions, take back claims whose sender died and plan the updates it had
    not (once this process has led for a lease), then send what is due.

    With several senders on one PostgreSQL only the leader does this, so the bot's one
    Telegram rate limit is kept by one process; the others stand by. Returns True when
    messages are still due after the drain's budget, so the caller drains again at once.
    """
    # Leader or not: a send still going on, or a sent message not recorded yet, keeps its rows.
    await services.sender.renew_claims()
    if services.leader is not None and not await asyncio.to_thread(services.leader.is_leader):
        return False
    written = await asyncio.to_thread(fan_out, services.db, utcnow(), services.sender.cooldown)
    if written:
        log.info("fanned out %d revisions (%d deliveries)", len(written), sum(written.values()))
    leading = math.inf if services.leader is None else services.leader.held_for()
    if leading >= services.sender.lease.total_seconds():
        recovered = await asyncio.to_thread(recover_expired, services.db, utcnow())
        if recovered:
            log.warning(
                "%d deliveries outlived their sender's lease: sending them again", recovered
            )
        caught_up = await services.sender.catch_up_missed()
        if caught_up:
            log.warning("%d updates a stopped sender had not planned: planned now", caught_up)
    report = await services.sender.drain(bot, budget=SEND_BUDGET_SECONDS)
    return report.more


async def poll_job(context: BotContext) -> None:
    """Poll every feed once, start summarizing the changed stories, then push what is due.

    The summary run goes on in its own task after this job returns, so a slow run never makes
    the next poll skip; its revisions are pushed by the send job a few seconds later.
    """
    services = context.services
    if services.ingestor is not None:
        try:
            await services.ingestor.poll_once(summarize=True)
        except Exception:
            log.exception("feed poll failed; delivering what is already stored")
        services.ingestor.summarize_in_background()
        services.ingestor.prune_in_background()
    await _deliver_and_continue(context)


async def send_job(context: BotContext) -> None:
    """Send due deliveries: instant pushes, digests whose time came, ends of quiet hours."""
    await _deliver_and_continue(context)


async def _deliver_and_continue(context: BotContext) -> None:
    # A broadcast longer than one drain's budget goes on right away, not at the next tick.
    job_queue: JobQueue[Any] | None = context.job_queue
    if await deliver(context.services, context.bot) and job_queue is not None:
        job_queue.run_once(send_job, 0, name="send-more")
