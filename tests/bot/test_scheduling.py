"""Digest times and quiet hours, computed in the subscriber's zone, DST included."""

from __future__ import annotations

from datetime import UTC, datetime

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


@pytest.mark.parametrize("text", ["25:00", "8", "08:60", "noon"])
def test_bad_times_are_refused_clearly(text: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_times(text)


def test_times_are_sorted_and_deduplicated() -> None:
    assert parse_times("20:00, 8:00,08:00") == ("08:00", "20:00")


def test_unknown_zone_and_bad_ranges_are_refused() -> None:
    with pytest.raises(ScheduleError, match="IANA"):
        parse_zone("Mars/Olympus")
    with pytest.raises(ScheduleError, match="range"):
        parse_quiet_hours("23:00")
    assert parse_quiet_hours("23:00-7:00") == ("23:00", "07:00")
