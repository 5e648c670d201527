"""The sender: drains due outbox rows to Telegram, one claimed message at a time.

It claims due units (rows committed as `sending` with this sender's id and a lease), renders
each from the stories' newest revisions, makes the one HTTP call, and marks the rows sent right
after with the revision shown. Only `concurrency` units are ever in flight at once, which bounds
what a crash can leave undecided; their lease expires and they are sent again.

An update is rendered at send time against what the chat was actually sent: its new points are
the story's current points the chat has not seen, so updates made during a cooldown merge into
one, and an update with nothing new left is recorded without a message. It is sent as a reply
to the story's first push in that chat.

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
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from telegram import Bot, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.delivery.plan import FIRST_PUSH
from bot.delivery.send import PartialSend, send_html
from bot.delivery.split import split_message
from bot.i18n import DEFAULT_LANGUAGE
from bot.render import render_digest, render_story, render_update
from bot.storage import fanout, outbox
from bot.storage.db import Database
from bot.storage.models import utcnow
from bot.storage.stories import StoryView, revision_point_texts, stories_by_ids
from bot.storage.subscribers import mark_blocked, migrate_chat
from summarizer.cut import cut_points

__all__ = ["DrainReport", "Rendered", "Sender", "StoryLoader", "render_unit"]

log = logging.getLogger(__name__)

StoryLoader = Callable[[Database, Sequence[int]], Sequence[StoryView]]
NOTHING_NEW = "update had nothing the chat had not seen: no message"
T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    """What to send for a unit: the text (None: nothing to send), the reply target, and the
    revision each delivery shows."""

    text: str | None
    reply_to: int | None
    revisions: tuple[tuple[int, int | None], ...]


GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")


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


def retry_after_seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, whichever type this PTB version hands back."""
    value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def render_unit(
    unit: outbox.Unit,
    stories: Sequence[StoryView],
    seen_points: dict[tuple[int, int], frozenset[str]],
) -> list[Rendered]:
    """The messages for a claimed unit (pure): a first push, a threaded update or a digest.

    One message, except a digest too long for one: it goes as several, each whole stories
    and each recorded as its own message, so a failure part-way loses none of the rest.
    """
    by_id = {s.id: s for s in stories}
    revision_of = {
        item.delivery_id: by_id[item.story_id].revision if item.story_id in by_id else None
        for item in unit.items
    }
    revisions = tuple(revision_of.items())
    points = unit.prefs.points

    def unseen(item: outbox.Item, story: StoryView) -> list[str]:
        # Every one of them, not the reader's number of points: sending marks the whole
        # revision seen, so a point cut here would never reach the chat.
        if item.seen_revision is None:
            return []
        old = seen_points.get((story.id, item.seen_revision), frozenset())
        fresh = [p for p in story.key_points if p.text not in old]
        return [p.text for p in cut_points(fresh, None)]  # disputed versions side by side

    lang = unit.prefs.language or DEFAULT_LANGUAGE
    zone = unit.prefs.timezone
    present = [(item, by_id[item.story_id]) for item in unit.items if item.story_id in by_id]
    if not present:
        return [Rendered(None, None, revisions)]
    if unit.digest:
        fresh = [(i, s) for i, s in present if i.seen_revision is None or unseen(i, s)]
        if not fresh:
            return [Rendered(None, None, revisions)]
        new = {s.id: unseen(i, s) for i, s in fresh if i.seen_revision is not None}

        def digest(group: Sequence[tuple[outbox.Item, StoryView]]) -> str:
            shown = [s for _, s in group]
            return render_digest(shown, lang=lang, zone=zone, new=new, points=points)

        messages = [
            Rendered(digest(group), None, tuple((i.delivery_id, s.revision) for i, s in group))
            for group in _fitting_groups(fresh, digest)
        ]
        # Rows with nothing to show are recorded with the first message.
        shown_ids = {i.delivery_id for i, _ in fresh}
        quiet = tuple(r for r in revisions if r[0] not in shown_ids)
        first = messages[0]
        messages[0] = Rendered(first.text, None, quiet + first.revisions)
        return messages
    item, story = present[0]
    if item.seq == FIRST_PUSH or item.seen_revision is None:
        # A story that moved before this chat first got it leads with its newest development.
        newest = story.latest_new if story.revision > 1 else ()
        text = render_story(story, lang=lang, zone=zone, points=points, new=newest)
        return [Rendered(text, None, revisions)]
    new_texts = unseen(item, story)
    if not new_texts:
        return [Rendered(None, None, revisions)]
    by_text = {p.text: p for p in story.key_points}
    new_points = [by_text[text] for text in new_texts]  # rival versions side by side
    return [Rendered(render_update(story, new_points, lang=lang), item.reply_to, revisions)]


def _fitting_groups(items: Sequence[T], render: Callable[[Sequence[T]], str]) -> list[list[T]]:
    """Consecutive groups of `items` whose rendering fits one Telegram message (an item too
    long on its own is a group of one, and is split as any long message is)."""
    groups: list[list[T]] = []
    for item in items:
        if groups and len(split_message(render([*groups[-1], item]))) == 1:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


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
        self.clock = clock
        self._lock = asyncio.Lock()
        self._last_sent: dict[int, float] = {}

    async def drain(self, bot: Bot, *, budget: float | None = None) -> DrainReport:
        """Send everything due now (or until `budget` seconds passed); one drain at a time.

        `concurrency` workers each claim one unit, send it and mark it, with no barrier
        between them, so one slow chat never holds the others; claims are taken one at a time.
        """
        report = DrainReport()
        if self._lock.locked():
            return report
        async with self._lock:
            deadline = None if budget is None else time.monotonic() + budget
            self._forget_old_chats()
            claiming = asyncio.Lock()
            stories: dict[int, StoryView] = {}

            async def worker() -> None:
                while True:
                    if deadline is not None and time.monotonic() >= deadline:
                        report.more = True
                        return
                    async with claiming:
                        units = await asyncio.to_thread(
                            partial(
                                outbox.claim_units,
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
        ids = unit.delivery_ids
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
                outbox.fail, self.db, ids, "story no longer exists", self.owner
            )
            report.failed += 1
            return
        wanted = [(i.story_id, i.seen_revision) for i in unit.items if i.seen_revision is not None]
        seen = await asyncio.to_thread(revision_point_texts, self.db, wanted)
        messages = render_unit(unit, stories, seen)
        for index, rendered in enumerate(messages):
            error = await self._send_one(bot, unit, rendered, report)
            if error is not None:
                # What this message and the ones after it carry goes back by the error's rule;
                # the messages before it reached the chat and are recorded.
                later = [d for r in messages[index:] for d, _ in r.revisions]
                await self._handle_error(unit, error, report, later)
                return

    async def _send_one(
        self, bot: Bot, unit: outbox.Unit, rendered: Rendered, report: DrainReport
    ) -> Exception | None:
        """Send one message and record it; the error if Telegram did not take it."""
        if rendered.text is None:
            await self._mark_sent(unit, rendered, None, NOTHING_NEW)
            report.skipped += 1
            return None
        kwargs: dict[str, Any] = {}
        if rendered.reply_to is not None:
            kwargs["reply_parameters"] = ReplyParameters(
                rendered.reply_to, allow_sending_without_reply=True
            )
        try:
            message = await send_html(
                bot,
                unit.chat_id,
                rendered.text,
                before_each=lambda: self._wait_for_chat(unit.chat_id),
                **kwargs,
            )
        except PartialSend as exc:
            log.warning("chat %s got only part of a message: %s", unit.chat_id, exc.cause)
            await self._mark_sent(unit, rendered, exc.first.message_id, str(exc.cause))
        except Exception as exc:
            return exc
        else:
            await self._mark_sent(unit, rendered, message.message_id, None)
        report.sent += 1
        return None

    async def _mark_sent(
        self, unit: outbox.Unit, rendered: Rendered, message_id: int | None, note: str | None
    ) -> None:
        """Record what was sent, then plan an update if the story moved while it was sent."""
        now = self.clock()
        marked = await asyncio.to_thread(
            outbox.mark_sent, self.db, self.owner, rendered.revisions, message_id, now, note
        )
        if marked != len(rendered.revisions):
            log.warning(
                "%d deliveries were no longer ours when marked sent (lease lost)",
                len(rendered.revisions) - marked,
            )
        shown = [(unit.subscriber_id, story_id) for story_id in unit.story_ids]
        await asyncio.to_thread(fanout.catch_up, self.db, shown, now, self.cooldown)

    async def _handle_error(
        self, unit: outbox.Unit, exc: Exception, report: DrainReport, ids: Sequence[int]
    ) -> None:
        now = self.clock()
        if isinstance(exc, RetryAfter):
            due = now + timedelta(seconds=retry_after_seconds(exc))
            await asyncio.to_thread(outbox.release, self.db, self.owner, ids, due, f"429: {exc}")
            report.retried += 1
        elif isinstance(exc, ChatMigrated):
            log.info("chat %s migrated to %s", unit.chat_id, exc.new_chat_id)
            moved = await asyncio.to_thread(
                migrate_chat, self.db, unit.subscriber_id, exc.new_chat_id, now
            )
            if moved:
                await asyncio.to_thread(
                    outbox.release, self.db, self.owner, ids, now, "chat migrated"
                )
                report.retried += 1
            else:  # the new chat has its own subscription and gets the news through it
                reason = f"chat migrated to {exc.new_chat_id}, which subscribed itself"
                await asyncio.to_thread(outbox.fail, self.db, ids, reason, self.owner)
                report.failed += 1
        elif isinstance(exc, Forbidden) or (
            isinstance(exc, BadRequest) and any(s in exc.message.lower() for s in GONE_CHAT)
        ):
            log.info("chat %s is gone (%s): unsubscribing it", unit.chat_id, exc)
            await asyncio.to_thread(outbox.fail, self.db, ids, str(exc), self.owner)
            await asyncio.to_thread(mark_blocked, self.db, unit.subscriber_id, str(exc), now)
            report.blocked += 1
        elif isinstance(exc, BadRequest):
            log.warning("Telegram refused a message to chat %s: %s", unit.chat_id, exc)
            await asyncio.to_thread(outbox.fail, self.db, ids, str(exc), self.owner)
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
            await asyncio.to_thread(outbox.fail, self.db, ids, f"gave up: {exc}", self.owner)
            report.failed += 1
            return
        due = now + timedelta(seconds=min(2.0**attempts, 600.0))
        await asyncio.to_thread(outbox.release, self.db, self.owner, ids, due, f"retrying: {exc}")
        report.retried += 1
