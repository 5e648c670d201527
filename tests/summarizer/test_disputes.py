"""Two outlets dispute a statement when they give different figures for it or one denies it;
a paraphrase is no dispute."""

from __future__ import annotations

import pytest

from summarizer.disputes import (
    absence_conflict,
    disputes,
    names_swapped,
    negation_conflict,
)

AGREED = "Varnia agreed to a 30-day cease-fire."


@pytest.mark.parametrize(
    "other",
    [
        "Varnia did not agree to a 30-day cease-fire.",
        "Varnia didn't agree to a 30-day cease-fire.",
        "Varnia never agreed to a 30-day cease-fire.",
    ],
)
def test_a_sentence_denying_the_statement_disputes_it(other: str) -> None:
    assert negation_conflict(AGREED, other)
    assert negation_conflict(other, AGREED)
    assert disputes(AGREED, other)


def test_a_denial_of_a_strike_disputes_the_report_of_it() -> None:
    assert negation_conflict(
        "Varnia fired a missile at Kalvik on Sunday.",
        "Varnia did not fire a missile at Kalvik on Sunday.",
    )


def test_a_denial_with_no_before_the_noun_disputes_the_statement() -> None:
    assert negation_conflict(
        "A cease-fire was agreed in Geneva on Sunday.",
        "No cease-fire was agreed in Geneva on Sunday.",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Both say "without": only one denies.
        (
            "Varnia did not agree to a truce without conditions.",
            "Varnia agreed to a truce without conditions.",
        ),
        (
            "Варния не согласилась на перемирие без условий.",
            "Варния согласилась на перемирие без условий.",
        ),
        (
            "Varnia and Lestovia are nowhere near a deal on Kalvik.",
            "Varnia and Lestovia are near a deal on Kalvik.",
        ),
    ],
)
def test_a_denial_beside_a_without_or_by_nowhere_disputes_the_statement(
    first: str, second: str
) -> None:
    assert negation_conflict(first, second)
    assert negation_conflict(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Nothing was agreed at the talks in Kalvik on Monday.",
            "A truce was agreed at the talks in Kalvik on Monday.",
        ),
        # "Никогда ничего не" is one denial, not two extra words.
        (
            "Варния никогда ничего не обещала Лестовии в Калвике.",
            "Варния обещала Лестовии в Калвике.",
        ),
        (
            "Варнія ніколи нічого не обіцяла Лестовії в Калвіку.",
            "Варнія обіцяла Лестовії в Калвіку.",
        ),
    ],
)
def test_a_denial_by_nothing_or_never_disputes_the_statement(first: str, second: str) -> None:
    assert negation_conflict(first, second)
    assert disputes(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # The negation is in a clause the other sentence lacks.
        (AGREED, "Varnia agreed to a 30-day cease-fire, though Lestovia did not say when."),
        # Both deny it, in other words.
        (
            "Varnia did not agree to a 30-day cease-fire.",
            "Varnia has not agreed to a 30-day truce.",
        ),
        # 'Refused' negates by itself: the two say the same.
        (
            "Varnia refused to agree to a 30-day cease-fire.",
            "Varnia did not agree to a 30-day cease-fire.",
        ),
        (
            "Workers are unlikely to meet the Monday deadline.",
            "Workers risk not meeting the Monday deadline.",
        ),
        # A paraphrase with no negation at all.
        (AGREED, "Varnia accepted a 30-day truce, the mediator said."),
        # A quoted "no" is a vote's name, not a denial.
        (
            "Senator Ostrova cast the lone vote against the Kalvik truce.",
            'Senator Ostrova cast the lone "no" vote against the Kalvik truce.',
        ),
        # The negation is about something else than what the first sentence states.
        (AGREED, "Lestovia did not comment on the talks in Geneva."),
        # 'Without' denies a noun, not the statement: both say the cease-fire held.
        (
            "The cease-fire held without violations in Kalvik on Monday.",
            "The cease-fire held in Kalvik on Monday.",
        ),
        (
            "Перемирие в Калвике соблюдалось без нарушений в понедельник.",
            "Перемирие в Калвике соблюдалось в понедельник.",
        ),
    ],
)
def test_sentences_that_do_not_deny_each_other_are_no_dispute(first: str, second: str) -> None:
    assert not negation_conflict(first, second)
    assert not negation_conflict(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The talks in Geneva ended without a deal on Friday.",
            "The talks in Geneva ended with a deal on Friday.",
        ),
        (
            "Varnia agreed to a truce without conditions.",
            "Varnia agreed to a truce with conditions.",
        ),
        (
            "Переговори в Женеві завершилися без угоди.",
            "Переговори в Женеві завершилися з угодою.",
        ),
        (
            "Перемирие в Калвике заключено без условий.",
            "Перемирие в Калвике заключено с условиями.",
        ),
    ],
)
def test_one_outlet_saying_without_what_another_says_with_disputes_it(
    first: str, second: str
) -> None:
    """Both versions are shown: whether the talks ended with a deal is the news itself."""
    assert disputes(first, second)
    assert disputes(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # The other sentence never says "with": it leaves the violations out.
        (
            "The cease-fire held without violations in Kalvik on Monday.",
            "The cease-fire held in Kalvik on Monday.",
        ),
        # With one thing, without another.
        (
            "The talks ended with a deal on grain exports.",
            "The talks ended without a deal on prisoner swaps and frozen assets.",
        ),
        # A double negation agrees.
        ("The talks ended with a deal.", "The talks did not end without a deal."),
        # Two actors, each with its own answer.
        (
            "Varnia signed the truce without conditions.",
            "Lestovia signed the truce with conditions.",
        ),
    ],
)
def test_with_and_without_other_things_or_by_other_parties_is_no_dispute(
    first: str, second: str
) -> None:
    assert not absence_conflict(first, second)
    assert not absence_conflict(second, first)


def test_two_actors_answering_differently_are_no_denial() -> None:
    assert not negation_conflict(
        "The Union agreed to the Kalvik plan on Tuesday.",
        "Lestovia did not agree to the Kalvik plan on Tuesday.",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Варнія погодилася на 30-денне перемир'я у вівторок.",
            "Варнія не погодилася на 30-денне перемир'я у вівторок.",
        ),
        (
            "Варния согласилась на 30-дневное перемирие в понедельник.",
            "Варния не согласилась на 30-дневное перемирие в понедельник.",
        ),
        ("Кремль принял предложение о перемирии.", "Кремль отклонил предложение о перемирии."),
        (
            "Лестовія підтвердила обмін полоненими в неділю.",
            "Лестовія спростувала обмін полоненими в неділю.",
        ),
    ],
)
def test_a_denial_in_ukrainian_or_russian_disputes_the_statement(first: str, second: str) -> None:
    assert disputes(first, second)
    assert disputes(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # 'Refused' and 'did not agree' say the same.
        ("Варния отказалась от перемирия.", "Варния не согласилась на перемирие."),
        # The negation is in a clause of its own.
        (
            "Варнія погодилася на перемир'я, але Лестовія не відповіла.",
            "Варнія погодилася на перемир'я.",
        ),
        # "Согласно" is "according to", not "agreed".
        (
            "Варния, согласно Лестову, отвергла предложение о перемирии.",
            "Варния отказалась от предложения о перемирии, заявил Лестов.",
        ),
        # "Не менее", "не раз", "не исключил" deny nothing.
        ("Не менее 10 человек погибли в Калвике.", "10 человек погибли в Калвике."),
        ("Не менше 10 людей загинули в Калвіку.", "10 людей загинули в Калвіку."),
        (
            "Лестов не раз заявлял о готовности к переговорам.",
            "Лестов неоднократно заявлял о готовности к переговорам.",
        ),  # fmt: skip
        (
            "Кремль не исключил возобновления переговоров.",
            "Кремль допустил возобновление переговоров.",
        ),
        (
            "No fewer than 10 people were killed in Kalvik.",
            "At least 10 people were killed in Kalvik.",
        ),
        # Two actors.
        (
            "Союз согласился на план в Калвике во вторник.",
            "Лестовия не согласилась на план в Калвике во вторник.",
        ),
    ],
)
def test_ukrainian_or_russian_sentences_that_do_not_deny_each_other_are_no_dispute(
    first: str, second: str
) -> None:
    assert not disputes(first, second)
    assert not disputes(second, first)


@pytest.mark.parametrize(
    ("first", "second", "swapped"),
    [
        ("Varnia accepted the truce proposal.", "Lestovia accepted the truce proposal.", True),
        (
            "Talks between the delegations will resume in Kalvik on Monday, the mediator said.",
            "Talks between the delegations will resume in Dorsk on Wednesday, the mediator said.",
            True,
        ),
        # Paraphrases: who reported it, a capital for its country, an abbreviation, a title.
        (
            "Varnia accepted the plan, Reuters reported.",
            "Varnia accepted the plan, AP reported.",
            False,
        ),
        (
            "Kyiv accepted the peace plan on Tuesday.",
            "Ukraine accepted the peace plan on Tuesday.",
            False,
        ),
        ("The United States backed the truce plan.", "The U.S. backed the truce plan.", False),
        ("Senator Orlov backed the truce plan.", "Sen. Orlov backed the truce plan.", False),
        ("Negotiators for Varnia agreed to a truce.", "Varnia agreed to a truce.", False),
        # More than the names differ: not the same statement.
        (
            "Varnia accepted the truce proposal.",
            "Lestovia rejected the mediator's new map.",
            False,
        ),
    ],
)
def test_the_same_statement_about_other_parties_places_or_days_is_two_facts(
    first: str, second: str, swapped: bool
) -> None:
    assert names_swapped(first, second) is swapped
    assert names_swapped(second, first) is swapped


def test_a_very_long_word_after_said_is_judged_at_once() -> None:
    """A hostile feed item (one word of hundreds of letters after "said") once made the
    attribution patterns backtrack for minutes, stalling the ingester."""
    for said in (", said ", " said "):
        word = "a" * 400 if said.startswith(",") else "A" * 400
        assert not disputes(f"Kyiv agreed{said}{word}!", f"Kyiv agreed{said}{word[:-1]}b!")
        assert not names_swapped(f"Kyiv agreed{said}{word}!", f"Kyiv agreed{said}{word}!")


@pytest.mark.parametrize(
    ("first", "second", "swapped"),
    [
        (
            "Varnia accepted the truce proposal on Tuesday.",
            "Lestovia accepted the truce proposal on Tuesday, officials said.",
            True,
        ),
        (
            "Varnia accepted the truce proposal.",
            "Lestovia accepted the truce proposal, sources told the Kalvik Herald.",
            True,
        ),
        (
            "Varnia accepted the truce proposal, according to diplomats.",
            "Lestovia accepted the truce proposal.",
            True,
        ),
        (
            "Kyiv accepted the peace plan on Tuesday, officials said.",
            "Ukraine accepted the peace plan on Tuesday.",
            False,
        ),
    ],
)
def test_who_said_it_in_lower_case_is_left_out_when_parties_are_compared(
    first: str, second: str, swapped: bool
) -> None:
    assert names_swapped(first, second) is swapped
    assert names_swapped(second, first) is swapped
