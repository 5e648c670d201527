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
    assert not passes_words(prefs, "The prisoner said the exchange rate fell")  # not a phrase
    assert not passes_words(prefs, "They freed a prisoner. Exchange rates fell")  # two sentences


def test_a_readers_word_finds_the_story_in_its_other_forms() -> None:
    # Found in a trial: a "+prisoner" reader got nothing of this story.
    assert passes_words(
        Preferences(include=("prisoner",)), "Russia and Ukraine swap 175 prisoners of war each"
    )
    assert passes_words(Preferences(include=("prisoner exchange",)), "Prisoners exchanged")
    assert not passes_words(Preferences(exclude=("sanction",)), "New sanctions on Moscow")


@pytest.mark.parametrize(
    ("word", "story"),
    [
        ("обмін полоненими", "Україна і Росія провели обмін полоненими."),
        ("обмін", "Наступний етап обміну відбудеться в суботу."),
        ("полонені", "Додому повернулися 390 полонених."),
        ("перемир’я", "Сторони домовилися про перемир'я на 30 днів."),
        ("обмен пленными", "Стороны договорились об обмене пленными."),
        ("переговоры", "Раунд переговоров прошёл в Стамбуле."),
        ("Умєров", "Заяву Умєрова оприлюднили в суботу."),
    ],
)
def test_ukrainian_and_russian_words_find_their_case_forms(word: str, story: str) -> None:
    assert passes_words(Preferences(include=(word,)), story)


def test_a_word_does_not_find_another_word_that_starts_like_it() -> None:
    assert not passes_words(Preferences(include=("мир",)), "Світ чекає на мирні переговори.")
    assert not passes_words(Preferences(include=("war",)), "A warning from the Kremlin")


def test_stored_preferences_round_trip_and_tolerate_old_rows() -> None:
    prefs = Preferences(mode="digest", digest_times=("08:00",), conflicts=("*",), points=5)
    assert Preferences.from_json(prefs.to_json()) == prefs
    assert Preferences.from_json({"mode": "instant"}) == Preferences()
    with pytest.raises(PreferenceError):
        Preferences().with_points(50)
