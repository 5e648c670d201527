"""The sender: drains due outbox rows to Telegram, one claimed message at a time.

For each unit (one message to one chat) it renders first, then claims the rows (committed), makes
the one HTTP call, and marks the rows sent right after. Only `concurrency` units are ever in that
window at once, which bounds what a crash can leave undecided.

Telegram's answers decide what happens next:
- 429 RetryAfter (after AIORateLimiter's own retries): back to pending, due after retry_after.
- 403 Forbidden, or "chat not found": the chat is unsubscribed, its waiting rows failed.
- ChatMigrated: the subscriber follows the group to its new id, and the unit is retried.
- Network errors and timeouts: back to pending with exponential backoff, failed after
  `max_attempts`. A timeout may hide a message Telegram did accept: that errs to a duplicate.
- Any other Bad Request: failed with Telegram's reason (retrying would not help).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.delivery.send import PartialSend, send_html
from bot.render import StoryLike, render_digest, render_story
from bot.storage import outbox
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.subscribers import mark_blocked, migrate_chat

__all__ = ["DrainReport", "Sender", "StoryLoader"]

log = logging.getLogger(__name__)

StoryLoader = Callable[[Database, Sequence[int]], Sequence[StoryLike]]
GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")


@dataclass
class DrainReport:
    """What one drain did; the bench and tests read it."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0


def retry_after_seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, without PTB's int/timedelta deprecation dance."""
    return exc._retry_after.total_seconds()


class Sender:
    """Sends due deliveries within Telegram's limits; one instance per running bot."""

    def __init__(
        self,
        db: Database,
        load_stories: StoryLoader,
        *,
        concurrency: int = 4,
        per_chat_interval: float = 1.0,
        max_attempts: int = 10,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.load_stories = load_stories
        self.concurrency = concurrency
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.clock = clock
        self._lock = asyncio.Lock()
        self._last_sent: dict[int, float] = {}

    async def drain(self, bot: Bot, *, budget: float | None = None) -> DrainReport:
        """Send everything due now (or until `budget` seconds passed); one drain at a time."""
        report = DrainReport()
        if self._lock.locked():
            return report
        async with self._lock:
            deadline = None if budget is None else time.monotonic() + budget
            self._forget_old_chats()
            gate = asyncio.Semaphore(self.concurrency)
            while deadline is None or time.monotonic() < deadline:
                units = await asyncio.to_thread(outbox.next_units, self.db, self.clock())
                if not units:
                    break
                await asyncio.gather(
                    *(self._guarded(gate, bot, unit, report, deadline) for unit in units)
                )
        if report.sent or report.failed or report.retried:
            log.info("outbox drained: %s", report)
        return report

    async def _guarded(
        self,
        gate: asyncio.Semaphore,
        bot: Bot,
        unit: outbox.Unit,
        report: DrainReport,
        deadline: float | None,
    ) -> None:
        async with gate:
            if deadline is not None and time.monotonic() >= deadline:
                return
            try:
                await self._send_unit(bot, unit, report)
            except Exception:
                log.exception("unexpected error sending to subscriber %s", unit.subscriber_id)

    async def _wait_for_chat(self, chat_id: int) -> None:
        """At most one message per chat per `per_chat_interval` (Telegram: 1/s per chat)."""
        last = self._last_sent.get(chat_id)
        if last is not None:
            wait = last + self.per_chat_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        self._last_sent[chat_id] = time.monotonic()

    def _forget_old_chats(self) -> None:
        cutoff = time.monotonic() - self.per_chat_interval
        self._last_sent = {c: t for c, t in self._last_sent.items() if t > cutoff}

    async def _send_unit(self, bot: Bot, unit: outbox.Unit, report: DrainReport) -> None:
        ids = unit.delivery_ids
        now = self.clock()
        stories = await asyncio.to_thread(self.load_stories, self.db, unit.story_ids)
        if not stories:
            await asyncio.to_thread(outbox.fail, self.db, ids, "story no longer exists")
            report.failed += 1
            return
        text = render_digest(stories, now) if unit.digest else render_story(stories[0], now)
        if not await asyncio.to_thread(outbox.claim, self.db, ids, self.clock()):
            return
        try:
            message = await send_html(
                bot, unit.chat_id, text, before_each=lambda: self._wait_for_chat(unit.chat_id)
            )
        except PartialSend as exc:
            log.warning("chat %s got only part of a message: %s", unit.chat_id, exc.cause)
            await self._mark_sent(ids, exc.first.message_id, str(exc.cause))
            report.sent += 1
        except Exception as exc:
            await self._handle_error(unit, exc, report)
        else:
            await self._mark_sent(ids, message.message_id, None)
            report.sent += 1

    async def _mark_sent(self, ids: Sequence[int], message_id: int, note: str | None) -> None:
        await asyncio.to_thread(outbox.mark_sent, self.db, ids, message_id, self.clock(), note)

    async def _handle_error(self, unit: outbox.Unit, exc: Exception, report: DrainReport) -> None:
        ids, now = unit.delivery_ids, self.clock()
        if isinstance(exc, RetryAfter):
            due = now + timedelta(seconds=retry_after_seconds(exc))
            await asyncio.to_thread(outbox.release, self.db, ids, due, f"429: {exc}")
            report.retried += 1
        elif isinstance(exc, ChatMigrated):
            log.info("chat %s migrated to %s", unit.chat_id, exc.new_chat_id)
            await asyncio.to_thread(migrate_chat, self.db, unit.subscriber_id, exc.new_chat_id)
            await asyncio.to_thread(outbox.release, self.db, ids, now, "chat migrated")
            report.retried += 1
        elif isinstance(exc, Forbidden) or (
            isinstance(exc, BadRequest) and any(s in exc.message.lower() for s in GONE_CHAT)
        ):
            log.info("chat %s is gone (%s): unsubscribing it", unit.chat_id, exc)
            await asyncio.to_thread(outbox.fail, self.db, ids, str(exc))
            await asyncio.to_thread(mark_blocked, self.db, unit.subscriber_id, str(exc), now)
            report.blocked += 1
        elif isinstance(exc, BadRequest):
            log.warning("Telegram refused a message to chat %s: %s", unit.chat_id, exc)
            await asyncio.to_thread(outbox.fail, self.db, ids, str(exc))
            report.failed += 1
        else:
            if not isinstance(exc, NetworkError):
                log.error("error sending to chat %s", unit.chat_id, exc_info=exc)
            await self._back_off(ids, now, exc, report)

    async def _back_off(
        self, ids: Sequence[int], now: datetime, exc: Exception, report: DrainReport
    ) -> None:
        attempts = await asyncio.to_thread(outbox.attempts_of, self.db, ids)
        if attempts >= self.max_attempts:
            await asyncio.to_thread(outbox.fail, self.db, ids, f"gave up: {exc}")
            report.failed += 1
            return
        due = now + timedelta(seconds=min(2.0**attempts, 600.0))
        await asyncio.to_thread(outbox.release, self.db, ids, due, f"retrying: {exc}")
        report.retried += 1
