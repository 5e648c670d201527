"""When things happen: digest times and quiet hours (pure), and the jobs on PTB's JobQueue.

All computations take `now` as an aware UTC datetime and return aware UTC datetimes, so tests can
walk through daylight-saving changes without a clock. Local times are "HH:MM" in an IANA zone.

Nothing is persisted in APScheduler: the jobs are rebuilt at every start-up, and what they act on
(due deliveries, unfanned stories) lives in the database, so downtime is caught up exactly once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.preferences import Preferences

if TYPE_CHECKING:
    from telegram.ext import JobQueue

__all__ = [
    "ScheduleError",
    "due_at",
    "next_digest_time",
    "parse_quiet_hours",
    "parse_times",
    "parse_zone",
    "quiet_hours_end",
    "quiet_until",
    "register_jobs",
]

SEND_INTERVAL_SECONDS = 2.0
# APScheduler logs every run of every job at INFO ("Running job", "executed successfully"):
# with a send job every 2 s that is almost the whole log. Its warnings (missed runs) stay.
SCHEDULER_LOGGERS = ("apscheduler",)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    """A user typed a time, a range or a zone we cannot read; str(e) says what to type."""


def parse_hhmm(text: str) -> time:
    """Read "8:00" or "08:00" (24-hour clock)."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ScheduleError(f"{text.strip()!r} is not a time of day; use HH:MM, like 08:00")
    return time(int(match.group(1)), int(match.group(2)))


def parse_times(text: str) -> tuple[str, ...]:
    """Read "08:00,20:00" into sorted, de-duplicated "HH:MM" strings."""
    items = [item for item in re.split(r"[,\s]+", text.strip()) if item]
    if not items:
        raise ScheduleError("give at least one time of day, like 08:00,20:00")
    if len(items) > 12:
        raise ScheduleError("at most 12 digest times a day")
    return tuple(sorted({parse_hhmm(item).strftime("%H:%M") for item in items}))


@cache
def _canonical_zones() -> dict[str, str]:
    """Every zone name the system knows, by its case-folded spelling (read once: it walks the
    zone database)."""
    return {zone.casefold(): zone for zone in available_timezones()}


def parse_zone(name: str) -> ZoneInfo:
    """An IANA zone such as Europe/Kyiv, in any letter case ("europe/kyiv" is read as
    Europe/Kyiv, so the stored key is the canonical one); a clear message otherwise.

    zoneinfo reads the name as a file path, so an area alone ("Europe") or a very long name
    fails with IsADirectoryError or another OSError rather than ZoneInfoNotFoundError.
    """
    typed = name.strip()
    try:
        return ZoneInfo(_canonical_zones().get(typed.casefold(), typed))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(
            f"{name.strip()!r} is not a time zone I know; use an IANA name like Europe/Kyiv"
        ) from None


def parse_quiet_hours(text: str) -> tuple[str, str]:
    """Read "23:00-07:00" into ("23:00", "07:00")."""
    start, sep, end = text.strip().partition("-")
    if not sep:
        raise ScheduleError("quiet hours are a range, like 23:00-07:00")
    first, last = parse_hhmm(start), parse_hhmm(end)
    if first == last:
        raise ScheduleError("quiet hours need different start and end times")
    return first.strftime("%H:%M"), last.strftime("%H:%M")


def _local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def next_digest_time(now: datetime, times: Sequence[str], zone: str) -> datetime:
    """The first digest time strictly after `now` (UTC), reading `times` in `zone`."""
    tz = parse_zone(zone)
    today = now.astimezone(tz).date()
    candidates = [
        _local_to_utc(today + timedelta(days=offset), parse_hhmm(t), tz)
        for offset in (0, 1, 2)
        for t in times
    ]
    return min(c for c in candidates if c > now)


def _wall_clock_reaches(day: date, at: time, zone: ZoneInfo, *, last: bool) -> datetime:
    """When the clock in `zone` shows `at` on `day` (UTC), for a bound of a stretch of time.

    On a fall-back night a time shown twice is its first showing for a start, its second
    (`last`) for an end, so quiet hours cover both passes of the repeated hour. On a spring-
    forward night a time that is skipped is reached when the clocks jump past it.
    """
    wall = datetime.combine(day, at)
    earlier = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    later = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if earlier.astimezone(zone).replace(tzinfo=None) == wall:  # the time exists
        return later if last else earlier
    # Skipped: fold=1 reads it with the offset after the jump, so it lies before the jump,
    # fold=0 after it. The jump is the first instant whose offset is the later one.
    before, after = later, earlier
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).utcoffset() == after.astimezone(zone).utcoffset():
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def quiet_hours_end(now: datetime, start: str, end: str, zone: str) -> datetime | None:
    """When the quiet hours around `now` end (UTC), or None if `now` is not in quiet hours."""
    tz = parse_zone(zone)
    first, last = parse_hhmm(start), parse_hhmm(end)
    local_day = now.astimezone(tz).date()
    for offset in (-1, 0):
        day = local_day + timedelta(days=offset)
        begins = _wall_clock_reaches(day, first, tz, last=False)
        ends_day = day if last > first else day + timedelta(days=1)
        ends = _wall_clock_reaches(ends_day, last, tz, last=True)
        if begins <= now < ends:
            return ends
    return None


def quiet_until(prefs: Preferences, now: datetime) -> datetime | None:
    """When the subscriber's quiet hours around `now` end, or None if it is not quiet now."""
    if not (prefs.quiet_start and prefs.quiet_end):
        return None
    return quiet_hours_end(now, prefs.quiet_start, prefs.quiet_end, prefs.timezone)


def due_at(prefs: Preferences, now: datetime) -> datetime:
    """When a story found at `now` should reach this subscriber."""
    when = now
    if prefs.mode == "digest" and prefs.digest_times:
        when = next_digest_time(now, prefs.digest_times, prefs.timezone)
    return quiet_until(prefs, when) or when


JobCallback = Callable[[Any], Coroutine[Any, Any, None]]


def register_jobs(
    job_queue: JobQueue[Any],
    *,
    poll_interval: float,
    poll: JobCallback | None,
    send: JobCallback,
    send_interval: float = SEND_INTERVAL_SECONDS,
) -> None:
    """Put the poll and send jobs on PTB's JobQueue; both start right away.

    A poll that overruns its interval is coalesced, never run twice at once; a send job runs
    every few seconds and drains whatever is due, which is how digests and quiet hours fire.
    Routine runs are kept out of the INFO log (SCHEDULER_LOGGERS).
    """
    for name in SCHEDULER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    kwargs = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    if poll is not None:
        job_queue.run_repeating(
            poll, interval=poll_interval, first=0.5, name="poll", job_kwargs=kwargs
        )
    job_queue.run_repeating(
        send, interval=send_interval, first=1.0, name="send", job_kwargs=kwargs
    )
