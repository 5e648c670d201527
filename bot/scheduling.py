"""When things happen: digest times and quiet hours (pure), and the jobs on PTB's JobQueue.

All computations take `now` as an aware UTC datetime and return aware UTC datetimes, so tests can
walk through daylight-saving changes without a clock. Local times are "HH:MM" in an IANA zone.
What users type is checked strictly (`parse_*`); what is stored is read leniently (`due_at`,
`quiet_until`): a value that cannot be read is logged once and set aside, never raised, because
fan-out and the claim read every chat's preferences in one pass and one raise would stop them all.

Nothing is persisted in APScheduler: the jobs are rebuilt at every start-up, and what they act on
(due deliveries, unfanned stories) lives in the database, so downtime is caught up exactly once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
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
_NOT_ZONES = frozenset({"localtime"})
"""Names the system's zone directory may list that are no IANA zone: Debian keeps "localtime"
there as a link to the server's own zone, which a chat never means."""

logger = logging.getLogger(__name__)


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
    """Every IANA zone name the system knows, by its case-folded spelling (read once: it walks
    the zone database). Only these are accepted: zoneinfo would also open any file under the
    zone directory ("posix/...", "right/...", "posixrules", "localtime"), names a tzdata
    package or another server may not have, and "localtime" would mean the server's zone."""
    return {zone.casefold(): zone for zone in available_timezones() if zone not in _NOT_ZONES}


def parse_zone(name: str) -> ZoneInfo:
    """An IANA zone such as Europe/Kyiv, in any letter case ("europe/kyiv" is read as
    Europe/Kyiv, so the stored key is the canonical one); a clear message otherwise."""
    key = _canonical_zones().get(name.strip().casefold())
    if key is not None:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # listed but unreadable
            pass
    raise ScheduleError(
        f"{name.strip()!r} is not a time zone I know; use an IANA name like Europe/Kyiv"
    )


@lru_cache(maxsize=1024)
def _stored_zone(name: str) -> tzinfo:
    """The zone a stored name is read in when scheduling: UTC if this process cannot load it
    (a tzdata update removed it, or only another server's zone files had it), so one chat's
    zone never stops the deliveries of every other chat.

    Cached, so the warning is logged once per name, not at every send round. zoneinfo reads
    the name as a file path: an area alone ("Europe") fails with an OSError.
    """
    typed = name.strip()
    try:
        return ZoneInfo(_canonical_zones().get(typed.casefold(), typed))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        logger.warning(
            "stored time zone %r cannot be loaded: its chats' digest times and quiet hours "
            "are read in UTC",
            name,
        )
        return UTC  # not ZoneInfo("UTC"): it needs no zone files


@lru_cache(maxsize=1024)
def _stored_time(text: str) -> time | None:
    """A stored "HH:MM", or None (logged once) if a row written by hand or by an older version
    holds something else: scheduling reads it as if that time were not set."""
    try:
        return parse_hhmm(text)
    except ScheduleError:
        logger.warning("stored time of day %r is unreadable: it is ignored", text)
        return None


def parse_quiet_hours(text: str) -> tuple[str, str]:
    """Read "23:00-07:00" into ("23:00", "07:00")."""
    start, sep, end = text.strip().partition("-")
    if not sep:
        raise ScheduleError("quiet hours are a range, like 23:00-07:00")
    first, last = parse_hhmm(start), parse_hhmm(end)
    if first == last:
        raise ScheduleError("quiet hours need different start and end times")
    return first.strftime("%H:%M"), last.strftime("%H:%M")


def _wall_clock_reaches(day: date, at: time, zone: tzinfo, *, last: bool) -> datetime:
    """When the clock in `zone` shows `at` on `day` (UTC), for a bound of a stretch of time or
    a digest time.

    On a fall-back night a time shown twice is its first showing for a start (and a digest),
    its second (`last`) for an end, so quiet hours cover both passes of the repeated hour. On a
    spring-forward night a time that is skipped is reached when the clocks jump past it.
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


def _digest_candidates(
    now: datetime, times: Sequence[time], zone: tzinfo, *, from_yesterday: bool = False
) -> Iterator[datetime]:
    """The digest times from `now`'s local day (or the day before) to two days after, in time
    order, computed as they are asked for.

    Wall-clock order is time order: a time the clocks skip is the moment they jump (as for
    quiet hours, not an hour after it), a time shown twice its first showing.
    """
    today = now.astimezone(zone).date()
    for offset in range(-1 if from_yesterday else 0, 3):
        for at in sorted(times):
            yield _wall_clock_reaches(today + timedelta(days=offset), at, zone, last=False)


def next_digest_time(now: datetime, times: Sequence[str], zone: str) -> datetime:
    """The first digest time strictly after `now` (UTC), reading `times` in `zone` (UTC if the
    zone cannot be loaded)."""
    moments = _digest_candidates(now, [parse_hhmm(t) for t in times], _stored_zone(zone))
    return next(c for c in moments if c > now)


def _quiet_end(now: datetime, first: time, last: time, zone: tzinfo) -> datetime | None:
    local_day = now.astimezone(zone).date()
    for offset in (-1, 0):
        day = local_day + timedelta(days=offset)
        begins = _wall_clock_reaches(day, first, zone, last=False)
        ends_day = day if last > first else day + timedelta(days=1)
        ends = _wall_clock_reaches(ends_day, last, zone, last=True)
        if begins <= now < ends:
            return ends
    return None


def quiet_hours_end(now: datetime, start: str, end: str, zone: str) -> datetime | None:
    """When the quiet hours around `now` end (UTC), or None if `now` is not in quiet hours."""
    return _quiet_end(now, parse_hhmm(start), parse_hhmm(end), _stored_zone(zone))


def _quiet_bounds(prefs: Preferences) -> tuple[time, time] | None:
    """The stored quiet hours, or None if there are none or they cannot be read."""
    if not (prefs.quiet_start and prefs.quiet_end):
        return None
    first, last = _stored_time(str(prefs.quiet_start)), _stored_time(str(prefs.quiet_end))
    if first is None or last is None or first == last:
        return None
    return first, last


def quiet_until(prefs: Preferences, now: datetime) -> datetime | None:
    """When the subscriber's quiet hours around `now` end, or None if it is not quiet now.

    Reads stored preferences, so it never raises on them: see `_stored_zone`, `_stored_time`.
    """
    bounds = _quiet_bounds(prefs)
    if bounds is None:
        return None
    return _quiet_end(now, *bounds, _stored_zone(prefs.timezone))


def due_at(prefs: Preferences, now: datetime) -> datetime:
    """When a story found at `now` should reach this subscriber.

    A digest time inside quiet hours goes at their end, and takes every story found until
    then: each digest time is moved out of quiet hours first, and the story goes with the
    earliest moved time after `now`. Digest times moved to the same end are one digest.
    Never raises on stored preferences (an unreadable digest time is left out; none left
    reads as instant delivery).
    """
    zone = _stored_zone(prefs.timezone)
    bounds = _quiet_bounds(prefs)
    times = [t for t in map(_stored_time, prefs.digest_times) if t is not None]
    quiet_now = _quiet_end(now, *bounds, zone) if bounds else None
    if prefs.mode != "digest" or not times:
        return quiet_now or now
    if bounds is None:
        return next(c for c in _digest_candidates(now, times, zone) if c > now)
    # A digest time before `now` can be moved past it only to the end of quiet hours that
    # `now` is in: only then are the times before it (from yesterday's) looked at.
    best: datetime | None = None
    for nominal in _digest_candidates(now, times, zone, from_yesterday=quiet_now is not None):
        if best is not None and nominal >= best:
            break  # quiet hours only move a time later: no later time does better
        if nominal <= now and quiet_now is None:
            continue
        shifted = _quiet_end(nominal, *bounds, zone) or nominal
        if shifted > now and (best is None or shifted < best):
            best = shifted
    assert best is not None, "tomorrow's digest times all lie after now"
    return best


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
