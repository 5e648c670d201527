"""Digest times and quiet hours, computed in the subscriber's zone, DST included."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.preferences import Preferences
from bot.scheduling import (
    ScheduleError,
    due_at,
    next_digest_time,
    parse_quiet_hours,
    parse_times,
    parse_zone,
    quiet_hours_end,
    quiet_until,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_next_digest_is_the_next_local_time_today_or_tomorrow() -> None:
    # Kyiv is UTC+2 in January: 08:00 local = 06:00 UTC, 20:00 local = 18:00 UTC.
    times = ("08:00", "20:00")
    assert next_digest_time(utc(2025, 1, 10, 5, 0), times, "Europe/Kyiv") == utc(2025, 1, 10, 6)
    assert next_digest_time(utc(2025, 1, 10, 6, 0), times, "Europe/Kyiv") == utc(2025, 1, 10, 18)
    assert next_digest_time(utc(2025, 1, 10, 19, 0), times, "Europe/Kyiv") == utc(2025, 1, 11, 6)


def test_next_digest_follows_daylight_saving() -> None:
    # Kyiv moves to UTC+3 on 2025-03-30: 08:00 local becomes 05:00 UTC.
    assert next_digest_time(utc(2025, 3, 29, 7), ("08:00",), "Europe/Kyiv") == utc(2025, 3, 30, 5)


def test_a_digest_time_the_clocks_skip_goes_at_the_jump() -> None:
    # New York springs forward on 2026-03-08: 02:00 EST (07:00 UTC) becomes 03:00 EDT, so
    # 02:30 never shows. The digest goes at the jump, as quiet hours would begin, not at 03:30.
    assert next_digest_time(utc(2026, 3, 8, 5), ("02:30",), "America/New_York") == utc(
        2026, 3, 8, 7
    )
    # The next night 02:30 shows again: 02:30 EDT = 06:30 UTC.
    assert next_digest_time(utc(2026, 3, 8, 8), ("02:30",), "America/New_York") == utc(
        2026, 3, 9, 6, 30
    )
    # Chatham jumps 45 minutes off the hour: 02:45 (+12:45, 14:00 UTC) becomes 03:45 (+13:45)
    # on 2026-09-27, so its 03:00 digest goes at 03:45 local, not at 04:00.
    assert next_digest_time(utc(2026, 9, 26, 12), ("03:00",), "Pacific/Chatham") == utc(
        2026, 9, 26, 14
    )


def test_digest_times_the_clocks_skip_together_are_one_digest_at_the_jump() -> None:
    prefs = Preferences(
        mode="digest", digest_times=("02:00", "02:30"), timezone="America/New_York"
    )
    assert due_at(prefs, utc(2026, 3, 8, 5)) == utc(2026, 3, 8, 7)
    assert due_at(prefs, utc(2026, 3, 8, 7)) == utc(2026, 3, 9, 6)


def test_quiet_hours_across_midnight_end_in_the_morning() -> None:
    end = quiet_hours_end(utc(2025, 1, 10, 23, 30), "23:00", "07:00", "UTC")
    assert end == utc(2025, 1, 11, 7)
    assert quiet_hours_end(utc(2025, 1, 11, 3), "23:00", "07:00", "UTC") == utc(2025, 1, 11, 7)
    assert quiet_hours_end(utc(2025, 1, 11, 12), "23:00", "07:00", "UTC") is None


def test_quiet_hours_ending_in_the_hour_shown_twice_cover_both_passes() -> None:
    # Kyiv falls back on 2026-10-25: 04:00 EEST (01:00 UTC) becomes 03:00 EET, so 03:00-04:00
    # is shown twice. Quiet 02:00-03:30 lasts until the second 03:30, 03:30 EET = 01:30 UTC.
    for now in (utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 0, 45), utc(2026, 10, 25, 1, 15)):
        assert quiet_hours_end(now, "02:00", "03:30", "Europe/Kyiv") == utc(2026, 10, 25, 1, 30)
    assert quiet_hours_end(utc(2026, 10, 25, 1, 30), "02:00", "03:30", "Europe/Kyiv") is None


def test_quiet_hours_whose_end_is_skipped_by_the_clocks_end_at_the_jump() -> None:
    # Kyiv springs forward on 2026-03-29: 03:00 EET (01:00 UTC) becomes 04:00 EEST, so 03:30
    # never shows. Quiet 02:00-03:30 ends at the jump, and 04:10 local is not quiet.
    assert quiet_hours_end(utc(2026, 3, 29, 0, 30), "02:00", "03:30", "Europe/Kyiv") == utc(
        2026, 3, 29, 1
    )
    assert quiet_hours_end(utc(2026, 3, 29, 1, 10), "02:00", "03:30", "Europe/Kyiv") is None
    # A start the clocks skip begins the quiet hours at the jump.
    assert quiet_hours_end(utc(2026, 3, 29, 1, 10), "03:30", "07:00", "Europe/Kyiv") == utc(
        2026, 3, 29, 4
    )


def test_instant_push_waits_for_the_end_of_quiet_hours() -> None:
    prefs = Preferences(quiet_start="22:00", quiet_end="06:00", timezone="Europe/Kyiv")
    # 23:30 UTC = 01:30 Kyiv (winter): inside quiet hours, due at 06:00 Kyiv = 04:00 UTC.
    assert due_at(prefs, utc(2025, 1, 10, 23, 30)) == utc(2025, 1, 11, 4)
    assert due_at(prefs, utc(2025, 1, 10, 12)) == utc(2025, 1, 10, 12)


def test_digest_inside_quiet_hours_moves_to_their_end() -> None:
    prefs = Preferences(
        mode="digest", digest_times=("06:00",), quiet_start="05:00", quiet_end="07:00"
    )
    assert due_at(prefs, utc(2025, 1, 10, 1)) == utc(2025, 1, 10, 7)


KYIV_MORNING = Preferences(
    mode="digest",
    digest_times=("08:00",),
    timezone="Europe/Kyiv",
    quiet_start="23:00",
    quiet_end="09:00",
)


def kyiv(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=ZoneInfo("Europe/Kyiv")).astimezone(UTC)


def test_a_digest_moved_by_quiet_hours_takes_the_stories_found_until_it_goes() -> None:
    # The 08:00 digest lies in quiet hours until 09:00, so it goes at 09:00 with every story
    # found since the last one: found at 07:30 or at 08:30, a story goes today at 09:00.
    assert due_at(KYIV_MORNING, kyiv(1, 7, 30)) == kyiv(1, 9)
    assert due_at(KYIV_MORNING, kyiv(1, 8, 30)) == kyiv(1, 9)
    assert due_at(KYIV_MORNING, kyiv(1, 8, 59)) == kyiv(1, 9)
    # Found once it has gone, a story waits for tomorrow's.
    assert due_at(KYIV_MORNING, kyiv(1, 9)) == kyiv(2, 9)
    assert due_at(KYIV_MORNING, kyiv(1, 9, 30)) == kyiv(2, 9)


def test_yesterday_evenings_digest_moved_to_the_morning_takes_the_nights_stories() -> None:
    prefs = Preferences(
        mode="digest", digest_times=("23:30",), quiet_start="23:00", quiet_end="07:00"
    )
    assert due_at(prefs, utc(2026, 6, 1, 22)) == utc(2026, 6, 2, 7)
    assert due_at(prefs, utc(2026, 6, 2, 6)) == utc(2026, 6, 2, 7)
    assert due_at(prefs, utc(2026, 6, 2, 7, 1)) == utc(2026, 6, 3, 7)


def test_digest_times_moved_to_the_same_end_of_quiet_hours_are_one_digest() -> None:
    prefs = Preferences(
        mode="digest",
        digest_times=("01:00", "05:00", "12:00"),
        quiet_start="23:00",
        quiet_end="07:00",
    )
    found = [
        utc(2026, 6, 1, 12, 30),
        utc(2026, 6, 2, 0, 30),
        utc(2026, 6, 2, 2),
        utc(2026, 6, 2, 6),
    ]
    assert {due_at(prefs, at) for at in found} == {utc(2026, 6, 2, 7)}
    assert due_at(prefs, utc(2026, 6, 2, 7, 30)) == utc(2026, 6, 2, 12)


SCHEDULES = [
    Preferences(mode="digest", digest_times=("08:00",), quiet_start="23:00", quiet_end="09:00"),
    Preferences(
        mode="digest",
        digest_times=("01:00", "05:00", "12:00"),
        quiet_start="23:00",
        quiet_end="07:00",
    ),
    Preferences(mode="digest", digest_times=("23:30",), quiet_start="23:00", quiet_end="07:00"),
    Preferences(
        mode="digest",
        digest_times=("02:00", "02:30", "20:00"),
        quiet_start="02:15",
        quiet_end="03:30",
    ),
    Preferences(mode="digest", digest_times=("00:00", "12:00")),
]
# Each zone's spring-forward and fall-back nights of 2026, with a day either side.
DST_WEEKENDS = {
    "Europe/Kyiv": (utc(2026, 3, 28), utc(2026, 10, 24)),
    "America/New_York": (utc(2026, 3, 7), utc(2026, 10, 31)),
    "Pacific/Chatham": (utc(2026, 9, 25), utc(2026, 4, 3)),
}


@pytest.mark.parametrize("zone", sorted(DST_WEEKENDS))
@pytest.mark.parametrize("schedule", range(len(SCHEDULES)))
def test_every_story_goes_with_the_first_digest_sent_after_it_is_found(
    zone: str, schedule: int
) -> None:
    """Stories found every 10 minutes over a DST weekend: each goes with the first digest that
    is sent after it was found, no digest goes in quiet hours, and a digest is sent only at a
    digest time or at the end of quiet hours, at most once per digest time."""
    prefs = replace(SCHEDULES[schedule], timezone=zone)
    tz = ZoneInfo(zone)
    for start in DST_WEEKENDS[zone]:
        found = [start + timedelta(minutes=10 * n) for n in range(3 * 24 * 6)]
        due = [due_at(prefs, at) for at in found]
        sent = sorted(set(due))
        for at, when in zip(found, due, strict=True):
            assert when > at
            # No digest was sent between finding the story and sending it.
            assert not [s for s in sent if at < s < when], (at, when)
        for moment in sent:
            assert quiet_until(prefs, moment) is None, moment
            clock = moment.astimezone(tz).strftime("%H:%M")
            jump = (
                moment.astimezone(tz).utcoffset()
                != (moment - timedelta(seconds=1)).astimezone(tz).utcoffset()
            )
            assert clock in (*prefs.digest_times, prefs.quiet_end) or jump, moment
        days = {moment.astimezone(tz).date() for moment in sent}
        for day in days:
            count = sum(1 for moment in sent if moment.astimezone(tz).date() == day)
            assert count <= len(prefs.digest_times), day


def test_a_stored_zone_this_server_cannot_load_is_read_as_utc_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A zone that a tzdata update removed, or that only another server's zone files had.
    gone = Preferences(
        mode="digest",
        digest_times=("08:00",),
        timezone="Atlantis/Poseidonia",
        quiet_start="23:00",
        quiet_end="09:00",
    )
    in_utc = replace(gone, timezone="UTC")
    with caplog.at_level(logging.WARNING, logger="bot.scheduling"):
        for hour in range(0, 24, 2):
            now = utc(2026, 6, 1, hour)
            assert due_at(gone, now) == due_at(in_utc, now)
            assert quiet_until(gone, now) == quiet_until(in_utc, now)
    warnings = [r for r in caplog.records if "Atlantis/Poseidonia" in r.getMessage()]
    assert len(warnings) == 1
    assert "UTC" in warnings[0].getMessage()


@pytest.mark.parametrize(
    "stored", ["", "Europe", "../../etc/passwd", "Europe/Kyiv\x00", "a" * 300]
)
def test_no_stored_zone_makes_scheduling_fail(stored: str) -> None:
    prefs = Preferences(
        mode="digest",
        digest_times=("08:00",),
        timezone=stored,
        quiet_start="23:00",
        quiet_end="09:00",
    )
    now = utc(2026, 6, 1, 7, 30)  # read in UTC: quiet, and before the 08:00 digest
    assert due_at(prefs, now) == utc(2026, 6, 1, 9)
    assert quiet_until(prefs, now) == utc(2026, 6, 1, 9)


def test_stored_times_that_cannot_be_read_are_left_out_rather_than_stop_delivery() -> None:
    now = utc(2026, 6, 1, 12)
    odd_digest = Preferences(mode="digest", digest_times=("8 am", "20:00"))
    assert due_at(odd_digest, now) == utc(2026, 6, 1, 20)
    no_digest_time = Preferences(mode="digest", digest_times=("8 am",))
    assert due_at(no_digest_time, now) == now
    odd_quiet = Preferences(quiet_start="late", quiet_end="07:00")
    assert quiet_until(odd_quiet, now) is None
    assert due_at(odd_quiet, now) == now


@pytest.mark.parametrize("text", ["25:00", "8", "08:60", "noon"])
def test_bad_times_are_refused_clearly(text: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_times(text)


def test_times_are_sorted_and_deduplicated() -> None:
    assert parse_times("20:00, 8:00,08:00") == ("08:00", "20:00")


def test_unknown_zone_and_bad_ranges_are_refused() -> None:
    with pytest.raises(ScheduleError, match="IANA"):
        parse_zone("Mars/Olympus")
    # Files beside the zones in the system's zone directory are no zone a chat can mean.
    for name in ("localtime", "posixrules", "posix/Europe/Kyiv", "right/Europe/Kyiv"):
        with pytest.raises(ScheduleError, match="IANA"):
            parse_zone(name)
    with pytest.raises(ScheduleError, match="range"):
        parse_quiet_hours("23:00")
    assert parse_quiet_hours("23:00-7:00") == ("23:00", "07:00")
