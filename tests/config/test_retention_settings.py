"""RETENTION_DAYS as an operator sets it: a default, 0 for never, and clear refusals."""

from __future__ import annotations

import pytest

from config import Settings, SettingsError, load_settings


def test_stories_are_kept_90_days_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).retention == 90
    monkeypatch.setenv("RETENTION_DAYS", "")  # the blank line of a .env
    assert Settings(_env_file=None).retention == 90
    monkeypatch.setenv("RETENTION_DAYS", "0")
    assert Settings(_env_file=None).retention == 0  # keep everything
    monkeypatch.setenv("RETENTION_DAYS", "400")
    assert Settings(_env_file=None).retention == 400


def test_a_long_story_window_lengthens_the_default_retention() -> None:
    # Stories look back twice the window: 60 days of window keep stories at least 121 days.
    assert Settings(_env_file=None, story_window_hours=60 * 24).retention == 121


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "RETENTION_DAYS: Input should be greater than or equal to 0"),
        ("100000", "RETENTION_DAYS: Input should be less than or equal to 3650"),
        ("3 months", "RETENTION_DAYS: Input should be a valid integer"),
        ("6", "RETENTION_DAYS=6 is too short for STORY_WINDOW_HOURS=72: use at least 7 days"),
    ],
)
def test_a_bad_retention_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", value)
    with pytest.raises(SettingsError, match="RETENTION_DAYS") as refused:
        load_settings(_env_file=None)
    assert message in str(refused.value)
