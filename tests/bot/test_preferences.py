"""A subscriber's words: /filter's grammar, its limits, and whole-word matching."""

from __future__ import annotations

import pytest

from bot.preferences import (
    MAX_PHRASES,
    FilterEdit,
    PreferenceError,
    Preferences,
    apply_filter,
    parse_filter,
    passes_words,
)


def test_filter_reads_must_have_and_must_not_phrases() -> None:
    edit = parse_filter("+prisoner exchange -sanctions +Black Sea")
    assert edit == FilterEdit(include=("prisoner exchange", "Black Sea"), exclude=("sanctions",))
    assert parse_filter("clear") == FilterEdit(clear=True)


def test_hyphenated_words_are_not_markers() -> None:
    assert parse_filter("+cease-fire -30-day").include == ("cease-fire",)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("+", "filter_empty"),
        ("+ -x", "filter_empty"),
        ("prisoners", "filter_syntax"),
        ("+<b>x</b>", "filter_bad_chars"),
        ("+evil\u202etext", "filter_bad_chars"),
        ("+(truce|ceasefire)", "filter_pattern"),
        ("-.*", "filter_pattern"),
        ("+\\d+", "filter_pattern"),
        ("+" + "x" * 61, "filter_too_long"),
        (" ".join(f"+w{i}" for i in range(200)), "filter_too_many"),
    ],
)
def test_bad_filters_say_why_and_store_nothing(text: str, code: str) -> None:
    with pytest.raises(PreferenceError) as caught:
        parse_filter(text)
    assert caught.value.code == code


def test_adding_past_the_limit_keeps_the_old_words() -> None:
    prefs = Preferences(include=tuple(f"w{i}" for i in range(MAX_PHRASES)))
    with pytest.raises(PreferenceError):
        apply_filter(prefs, parse_filter("+one more"))
    assert apply_filter(prefs, FilterEdit(clear=True)) == Preferences()


def test_a_phrase_moves_between_lists_and_duplicates_fold() -> None:
    prefs = apply_filter(Preferences(), parse_filter("+Sanctions"))
    prefs = apply_filter(prefs, parse_filter("-sanctions +sanctions relief"))
    assert (prefs.include, prefs.exclude) == (("sanctions relief",), ("sanctions",))


def test_matching_is_whole_words_and_case_insensitive() -> None:
    prefs = Preferences(include=("prisoner exchange",), exclude=("war",))
    assert passes_words(prefs, "A PRISONER   exchange was agreed")
    assert not passes_words(prefs, "A prisoner exchange after the war")
    assert passes_words(prefs, "A prisoner exchange, no warships")  # "war" is not "warships"
    assert not passes_words(prefs, "Prisoners exchanged")


def test_stored_preferences_round_trip_and_tolerate_old_rows() -> None:
    prefs = Preferences(mode="digest", digest_times=("08:00",), conflicts=("*",), points=5)
    assert Preferences.from_json(prefs.to_json()) == prefs
    assert Preferences.from_json({"mode": "instant"}) == Preferences()
    with pytest.raises(PreferenceError):
        Preferences().with_points(50)
