"""What Telegram's refusal of a message means for its outbox rows.

Split from the sender so the rules read in one place and the sender keeps to claiming,
sending and recording.

Telegram's answers decide what happens next:
- 429 RetryAfter (after AIORateLimiter's own retries): back to pending, due after retry_after.
- 403 Forbidden, or "chat not found": the chat is unsubscribed, its waiting rows failed.
- ChatMigrated: the subscriber follows the group to its new id, and the unit is retried.
- An error that means the message cannot have reached the chat (no connection, a connect
  timeout, a Telegram 5xx): back to pending with exponential backoff (at most 10 minutes),
  given up only after `patience` (24 h) of tries at that longest backoff, so an outage of
  Telegram or of our network delays the news and loses none. A read timeout may hide a
  message Telegram did accept, and any other error is unexplained: those are failed after
  `max_attempts` (erring to a duplicate, a few times at most).
- Any other Bad Request: failed with Telegram's reason (retrying would not help); on a later
  part of a split message, the message is recorded sent with the reason (its start is in the
  chat, and updates reply to it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.storage import outbox, subscribers
from bot.storage.db import Database

__all__ = [
    "MAX_BACKOFF",
    "Limits",
    "Outcome",
    "never_arrived",
    "refused",
    "retry_after_seconds",
    "settle",
]

log = logging.getLogger(__name__)

GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")

MAX_BACKOFF = timedelta(minutes=10)

Outcome = Literal["retried", "failed", "blocked"]


@dataclass(frozen=True)
class Limits:
    """How long a send that keeps failing is tried before its rows are failed."""

    max_attempts: int
    patience: timedelta
    """Extra trying, at the longest backoff, for a send that cannot have reached the chat."""


def _gone(exc: BadRequest) -> bool:
    """Telegram's Bad Request that means the chat is gone, not that the message was bad."""
    return any(s in exc.message.lower() for s in GONE_CHAT)


def refused(exc: Exception) -> bool:
    """Telegram will never take this message (a Bad Request about the message itself)."""
    return isinstance(exc, BadRequest) and not _gone(exc)


def never_arrived(exc: BaseException) -> bool:
    """The send failed before Telegram could take the message: no connection, a connect or
    pool timeout, or Telegram's own server error. Retrying such a send cannot duplicate it,
    unlike after a read timeout, when Telegram may have sent it and only the answer was lost."""
    if isinstance(exc, TimedOut):
        return isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest | Forbidden)


def retry_after_seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, whichever type this PTB version hands back."""
    value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


async def settle(
    db: Database,
    owner: str,
    unit: outbox.Unit,
    exc: Exception,
    ids: Sequence[int],
    now: datetime,
    limits: Limits,
) -> Outcome:
    """Put the rows `ids` of `unit`, whose send failed with `exc`, where the error's rule says."""
    if isinstance(exc, RetryAfter):
        due = now + timedelta(seconds=retry_after_seconds(exc))
        await asyncio.to_thread(outbox.release, db, owner, ids, due, f"429: {exc}")
        return "retried"
    if isinstance(exc, ChatMigrated):
        log.info("chat %s migrated to %s", unit.chat_id, exc.new_chat_id)
        moved = await asyncio.to_thread(
            subscribers.migrate_chat, db, unit.subscriber_id, exc.new_chat_id, now
        )
        if moved:
            await asyncio.to_thread(outbox.release, db, owner, ids, now, "chat migrated")
            return "retried"
        # The new chat has its own subscription and gets the news through it.
        reason = f"chat migrated to {exc.new_chat_id}, which subscribed itself"
        await asyncio.to_thread(outbox.fail, db, ids, reason, owner)
        return "failed"
    if isinstance(exc, Forbidden) or (isinstance(exc, BadRequest) and _gone(exc)):
        log.info("chat %s is gone (%s): unsubscribing it", unit.chat_id, exc)
        await asyncio.to_thread(outbox.fail, db, ids, str(exc), owner)
        await asyncio.to_thread(subscribers.mark_blocked, db, unit.subscriber_id, str(exc), now)
        return "blocked"
    if isinstance(exc, BadRequest):
        log.warning("Telegram refused a message to chat %s: %s", unit.chat_id, exc)
        await asyncio.to_thread(outbox.fail, db, ids, str(exc), owner)
        return "failed"
    if not isinstance(exc, NetworkError):
        log.error("error sending to chat %s", unit.chat_id, exc_info=exc)
    return await _back_off(db, owner, ids, now, exc, limits)


async def _back_off(
    db: Database,
    owner: str,
    ids: Sequence[int],
    now: datetime,
    exc: Exception,
    limits: Limits,
) -> Outcome:
    attempts = await asyncio.to_thread(outbox.attempts_of, db, ids)
    limit = limits.max_attempts
    if never_arrived(exc):  # at the longest backoff, `patience` more of trying
        limit += int(limits.patience / MAX_BACKOFF)
    if attempts >= limit:
        await asyncio.to_thread(outbox.fail, db, ids, f"gave up: {exc}", owner)
        return "failed"
    due = now + min(timedelta(seconds=2.0 ** min(attempts, 20)), MAX_BACKOFF)
    await asyncio.to_thread(outbox.release, db, owner, ids, due, f"retrying: {exc}")
    return "retried"
