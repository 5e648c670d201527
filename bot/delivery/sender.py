"""The sender: drains due outbox rows to Telegram, one claimed message at a time.

It claims due units (rows committed as `sending` with this sender's id and a lease), renders
each from the stories' newest revisions, makes the one HTTP call, and marks the rows sent right
after with the revision shown. Only `concurrency` units are ever in flight at once, which bounds
what a crash can leave undecided; their lease expires and they are sent again.

What a unit says is `compose.render_unit`'s: an update is sent as a reply to the story's first
push in that chat, and a digest too long for one message goes as several, each recorded when
it is sent. A message Telegram takes only in parts whose later part fails keeps the parts not
sent on its rows (`outbox.Remainder`), goes back by the error rules (`bot.delivery.errors`),
and its retry sends those parts before anything else, so the chat gets the whole text once.

While a unit is being sent its lease is renewed by every send job round, and so is a sent
message's whose `sent` the database would not record yet: that mark is retried, and recorded
before anything else is claimed, so a database hiccup never sends a message twice.

What Telegram's refusals do to the rows is `bot.delivery.errors`' (429, blocked, migrated,
network errors and their patience, Bad Requests).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, ReplyParameters

from bot.delivery.catch_up import CatchUp
from bot.delivery.compose import NOTHING_NEW, Outgoing, render_unit, resumed_messages
from bot.delivery.errors import Limits, Outcome, refused, settle
from bot.delivery.records import SentMark, SentMarks, retrying
from bot.delivery.send import PartialSend, send_parts
from bot.storage import claims, outbox
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.stories import StoryView, revision_point_texts, stories_by_ids

__all__ = ["DrainReport", "Sender", "StoryLoader"]

log = logging.getLogger(__name__)

StoryLoader = Callable[[Database, Sequence[int]], Sequence[StoryView]]


@dataclass
class DrainReport:
    """What one drain did; the bench and tests read it."""

    sent: int = 0
    more: bool = False
    """The budget ran out with messages still due: the caller should drain again at once."""
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count a failed send by where its rows went."""
        match outcome:
            case "retried":
                self.retried += 1
            case "failed":
                self.failed += 1
            case "blocked":
                self.blocked += 1


class Sender:
    """Sends due deliveries within Telegram's limits; one instance per running bot."""

    def __init__(
        self,
        db: Database,
        load_stories: StoryLoader = stories_by_ids,
        *,
        concurrency: int = 4,
        per_chat_interval: float = 1.0,
        max_attempts: int = 10,
        patience: timedelta = timedelta(hours=24),
        clock: Callable[[], datetime] = utcnow,
        owner: str | None = None,
        lease: timedelta = outbox.DEFAULT_LEASE,
        cooldown: timedelta = timedelta(minutes=30),
    ) -> None:
        self.db = db
        self.load_stories = load_stories
        self.owner = owner or f"sender-{uuid.uuid4().hex[:12]}"
        self.lease = lease
        self.cooldown = cooldown
        self.concurrency = concurrency
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.patience = patience
        self.clock = clock
        self._lock = asyncio.Lock()
        self._last_sent: dict[int, float] = {}
        self._in_flight: set[int] = set()
        self._took_back_own = False
        self.marks = SentMarks(db, self.owner)
        self.catch_up = CatchUp(db)

    async def _take_back_own(self) -> None:
        """Once, as this process's first drain begins: rows a stopped process with this
        sender's id left in flight are due again at once (a dead peer's wait for their lease).
        Only an explicit INSTANCE_ID outlives a process; a default id is new in each one, so
        this finds nothing and never takes a live peer's rows. Not at start-up: a standby
        wrongly given the leader's INSTANCE_ID would take its rows and send them twice."""
        if self._took_back_own:
            return
        self._took_back_own = True
        own = await asyncio.to_thread(outbox.recover_own, self.db, self.owner, self.clock())
        if own:
            log.warning("%d deliveries were in flight at a stop: sending them again", own)

    async def renew_claims(self) -> int:
        """Extend the leases of the rows this sender is sending right now; rows renewed.

        The send job calls it before taking back expired claims, every few seconds, so only a
        sender that stopped running loses its rows to the lease; it calls it leader or not,
        and between drains it records the sent messages the database refused earlier, so a
        process that lost the lead in a database outage still records what it sent.
        """
        if self.marks.waiting and not self._lock.locked():
            async with self._lock:
                await self._record_held()
        ids = sorted(self._in_flight)
        if not ids:
            return 0
        until = self.clock() + self.lease
        return await asyncio.to_thread(outbox.renew, self.db, self.owner, ids, until)

    async def drain(self, bot: Bot, *, budget: float | None = None) -> DrainReport:
        """Send everything due now (or until `budget` seconds passed); one drain at a time.

        `concurrency` workers each claim one unit, send it and mark it, with no barrier
        between them, so one slow chat never holds the others; claims are taken one at a time.
        """
        report = DrainReport()
        if self._lock.locked():
            return report
        async with self._lock:
            await self._take_back_own()
            if not await self._record_held():
                return report
            deadline = None if budget is None else time.monotonic() + budget
            self._forget_old_chats()
            claiming = asyncio.Lock()
            stories: dict[int, StoryView] = {}

            async def worker() -> None:
                while True:
                    if deadline is not None and time.monotonic() >= deadline:
                        report.more = True
                        return
                    if self.marks.waiting:  # the database is in trouble: send nothing more
                        return
                    async with claiming:
                        units = await asyncio.to_thread(
                            partial(
                                claims.claim_units,
                                self.db,
                                self.owner,
                                self.clock(),
                                lease=self.lease,
                                limit=1,
                                scan=50,
                            )
                        )
                    if not units:
                        return
                    try:
                        await self._send_unit(bot, units[0], report, stories)
                    except Exception:
                        log.exception(
                            "unexpected error sending to subscriber %s", units[0].subscriber_id
                        )

            await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        if report.sent or report.failed or report.retried:
            log.info("outbox drained: %s", report)
        return report

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

    async def _send_unit(
        self,
        bot: Bot,
        unit: outbox.Unit,
        report: DrainReport,
        cache: dict[int, StoryView],
    ) -> None:
        self._in_flight.update(unit.delivery_ids)
        try:
            await self._send_claimed(bot, unit, report, cache)
        finally:
            # A sent message not recorded yet keeps its lease renewed until it is.
            self._in_flight.difference_update(set(unit.delivery_ids) - self.marks.held_ids)

    async def _send_claimed(
        self,
        bot: Bot,
        unit: outbox.Unit,
        report: DrainReport,
        cache: dict[int, StoryView],
    ) -> None:
        # The rest of a split message an error cut short goes first, as it was cut: it goes on
        # with the text whose start the chat has. The unit's other rows are rendered now.
        messages = resumed_messages(unit.items)
        fresh = tuple(item for item in unit.items if item.remainder is None)
        if fresh:
            rest = unit
            if messages:  # as claim_units groups a chat's rows: a digest, unless one instant
                digest = unit.prefs.mode == "digest" or len(fresh) > 1
                rest = replace(unit, items=fresh, digest=digest)
            messages += await self._render(rest, report, cache)
        for index, message in enumerate(messages):
            if index and self.marks.waiting:
                # The database would not record a sent message: the rest waits until it does
                # (if it cannot even be put back now, its lease runs out, to the same end).
                later = [d for m in messages[index:] for d, _ in m.revisions]
                with contextlib.suppress(SQLAlchemyError):
                    await asyncio.to_thread(
                        outbox.release, self.db, self.owner, later, self.clock(), "database busy"
                    )
                return
            error = await self._send_one(bot, unit, message, report)
            if error is not None:
                # What this message and the ones after it carry goes back by the error's rule;
                # the messages before it reached the chat and are recorded.
                later = [d for m in messages[index:] for d, _ in m.revisions]
                await self._handle_error(unit, error, report, later)
                return

    async def _render(
        self, unit: outbox.Unit, report: DrainReport, cache: dict[int, StoryView]
    ) -> list[Outgoing]:
        """The unit's messages from its stories' newest revisions (none: the stories are gone,
        and the rows failed)."""
        # A broadcast sends one story to many chats: read it once per drain, and again when
        # a revision saved since then is what this delivery is for.
        missing = [
            item.story_id
            for item in unit.items
            if item.story_id not in cache or cache[item.story_id].revision < item.seq
        ]
        if missing:
            for view in await asyncio.to_thread(self.load_stories, self.db, missing):
                cache[view.id] = view
        stories = [cache[i] for i in unit.story_ids if i in cache]
        if not stories:
            await asyncio.to_thread(
                outbox.fail, self.db, unit.delivery_ids, "story no longer exists", self.owner
            )
            report.failed += 1
            return []
        wanted = [(i.story_id, i.seen_revision) for i in unit.items if i.seen_revision is not None]
        seen = await asyncio.to_thread(revision_point_texts, self.db, wanted)
        return [Outgoing.rendered(r) for r in render_unit(unit, stories, seen)]

    async def _send_one(
        self, bot: Bot, unit: outbox.Unit, message: Outgoing, report: DrainReport
    ) -> Exception | None:
        """Send one message and record it; the error if Telegram did not take it."""
        if not message.parts:
            await self._mark_sent(unit, message.revisions, None, NOTHING_NEW)
            report.skipped += 1
            return None
        kwargs: dict[str, Any] = {}
        if message.reply_to is not None:
            kwargs["reply_parameters"] = ReplyParameters(
                message.reply_to, allow_sending_without_reply=True
            )
        try:
            first = await send_parts(
                bot,
                unit.chat_id,
                message.parts,
                before_each=lambda: self._wait_for_chat(unit.chat_id),
                **kwargs,
            )
        except PartialSend as exc:
            return await self._cut_short(unit, message, exc, report)
        except Exception as exc:
            if message.first_id is not None and refused(exc):  # the rest of a cut message
                total = message.sent_before + len(message.parts)
                await self._end_refused(unit, message, message.first_id, total, exc)
                report.sent += 1
                return None
            return exc
        first_id = first.message_id if message.first_id is None else message.first_id
        await self._mark_sent(unit, message.revisions, first_id, None)
        report.sent += 1
        return None

    async def _cut_short(
        self, unit: outbox.Unit, message: Outgoing, exc: PartialSend, report: DrainReport
    ) -> Exception | None:
        """A later part failed after the first reached the chat. The parts not sent are kept
        on the rows, which go back by the error's rule (None: nothing more to do).

        A Bad Request is Telegram refusing that part for good: the chat keeps the start it
        has, recorded as sent, and the earlier parts are never sent again.
        """
        first_id = exc.first.message_id if message.first_id is None else message.first_id
        sent = message.sent_before + exc.sent
        total = sent + len(exc.rest)
        cause = exc.cause
        if refused(cause):
            message = replace(message, sent_before=sent)
            await self._end_refused(unit, message, first_id, total, cause)
            report.sent += 1
            return None
        log.info("chat %s got %d of %d parts of a message; the rest goes at the retry (%s)",
                 unit.chat_id, sent, total, cause)  # fmt: skip
        hold = partial(
            outbox.hold_remainder,
            self.db,
            self.owner,
            message.revisions,
            first_id,
            message.reply_to,
            exc.rest,
            sent,
        )
        # Should the database refuse even this, the lease runs out and the whole message goes
        # again: a repeat of its start, never a loss.
        await retrying(hold, self.marks.backoff)
        return cause

    async def _end_refused(
        self, unit: outbox.Unit, message: Outgoing, first_id: int, total: int, cause: Exception
    ) -> None:
        """Telegram refused a later part for good: the message ends with the parts the chat
        has, recorded sent (its updates reply to it), and its start is never sent again."""
        sent = message.sent_before
        log.warning("Telegram refused part %d of %d of a message to chat %s: %s",
                    sent + 1, total, unit.chat_id, cause)  # fmt: skip
        note = f"sent {sent} of {total} parts, then Telegram refused the next: {cause}"
        await self._mark_sent(unit, message.revisions, first_id, note)

    async def _mark_sent(
        self,
        unit: outbox.Unit,
        revisions: tuple[tuple[int, int | None], ...],
        message_id: int | None,
        note: str | None,
    ) -> None:
        """Record what was sent, then plan an update if the story moved while it was sent.

        The message is in the chat whatever the database says: a mark it refuses is retried,
        then held with its rows' claims (renewed every round) until recorded (`records`).
        """
        mark = SentMark(unit, revisions, message_id, self.clock(), note)
        if await self.marks.record(mark):
            await self.catch_up.after(mark, self.cooldown)

    async def _record_held(self) -> bool:
        """Record the sent messages the database refused before; whether none is left.

        While one is left nothing more is claimed, so what a crash could double stays at most
        the messages in flight at once.
        """
        for mark in await self.marks.record_held():
            self._in_flight.difference_update(mark.ids)
            await self.catch_up.after(mark, self.cooldown)
        return not self.marks.waiting

    async def catch_up_missed(self) -> int:
        """Plan the updates a sender may have skipped (`CatchUp.sweep`); rows written."""
        return await self.catch_up.sweep(self.clock(), self.cooldown)

    async def _handle_error(
        self, unit: outbox.Unit, exc: Exception, report: DrainReport, ids: Sequence[int]
    ) -> None:
        limits = Limits(self.max_attempts, self.patience)
        report.add(await settle(self.db, self.owner, unit, exc, ids, self.clock(), limits))
