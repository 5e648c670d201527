"""Two days for the same statement are two versions of it; the day a source spoke, a range's
days and days of different things are not."""

from __future__ import annotations

import pytest

from summarizer.disputes import days_conflict, disputes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The cease-fire will start on Monday.", "The cease-fire will start on Thursday."),
        ("The truce begins on March 5.", "The truce begins on March 15."),
        ("The truce begins on 5 March.", "The truce begins on 5 April."),
        ("Talks resume in March.", "Talks resume in April."),
        ("Перемир'я почнеться в понеділок.", "Перемир'я почнеться в четвер."),
        ("Перемирие начнётся 5 марта.", "Перемирие начнётся 15 марта."),
        ("Переговоры возобновятся в среду.", "Переговоры возобновятся в пятницу."),
        # Another day for the start, the day of the agreement the same.
        (
            "Varnia agreed on Tuesday to a truce that starts on Monday.",
            "Varnia agreed on Tuesday to a truce that starts on Thursday.",
        ),
        # Said by someone: the statement's day still counts, the day it was said does not.
        (
            "The Varnian presidency said the cease-fire will start on Monday.",
            "The Varnian presidency said the cease-fire will start on Thursday.",
        ),
        (
            "Talks ended on Friday, officials said the truce would start on Monday.",
            "Talks ended on Friday, officials said the truce would start on Thursday.",
        ),
        (
            "President Dorsk said on Tuesday that the truce would start on Friday.",
            "President Dorsk said on Tuesday that the truce would start on Sunday.",
        ),
        # Different speakers for the same statement: who said it is not what was said.
        (
            "The Varnian presidency said the truce will start on Monday.",
            "Officials said the truce will start on Thursday.",
        ),
        (
            "On Sunday, the Varnian presidency said the truce will start on Monday.",
            "The truce will start on Thursday, a Lestovian army spokesman told reporters.",
        ),
        (
            "The truce will start on Monday, the Varnian Foreign Ministry said in a statement.",
            "Lestovian officials said that the truce will start on Thursday.",
        ),
        (
            "The Kalvik Herald reported the truce will start on Monday.",
            "The truce will start on Thursday, the Dorsk Times reported.",
        ),
        (
            "Президент Варнії заявив, що перемир'я почнеться в понеділок.",
            "У Лестовії заявили, що перемир'я почнеться в четвер.",
        ),
        (
            "Перемирие начнётся в понедельник, сообщили в МИД Варнии.",
            "Перемирие начнётся в четверг, заявил представитель президента Лестовии.",
        ),
        (
            "Как заявил представитель МИД Варнии, перемирие начнётся в понедельник.",
            "Перемирие начнётся в четверг, сообщили в Лестовии.",
        ),
        (
            '"The truce will start on Monday," Varnian officials said.',
            "The Lestovian army said: the truce will start on Thursday.",
        ),
        # Long attributions, each at its clause's end or start.
        (
            "Talks in Kalvik will start on Monday, a source in the Varnian presidential office "
            "said.",
            "Talks in Kalvik will start on Thursday, Lestovian spokesman Orin Dorsk told "
            "reporters.",
        ),
        (
            "Переговоры в Калвике начнутся в понедельник, сообщил источник в администрации "
            "президента Варнии.",
            "Переговоры в Калвике начнутся в четверг, заявил журналистам пресс-секретарь "
            "президента Лестовии Орин Дорск.",
        ),
        (
            "Как сообщил источник в администрации президента Варнии, переговоры в Калвике "
            "начнутся в понедельник.",
            "Переговоры в Калвике начнутся в четверг, сообщили в Лестовии.",
        ),
    ],
)
def test_two_days_for_the_same_thing_are_a_dispute(first: str, second: str) -> None:
    assert days_conflict(first, second)
    assert disputes(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The cease-fire will start on Monday.", "The truce takes effect on Monday."),
        # One names no day, or a less precise one.
        ("The cease-fire will start on Monday.", "The cease-fire will start next week."),
        ("The truce begins on March 5.", "The truce begins in March."),
        # The day a source spoke, left out.
        (
            "The cease-fire will start next week, officials said on Saturday.",
            "The cease-fire will start next week, the mediator told reporters on Sunday.",
        ),
        (
            "President Dorsk said on Tuesday that the truce would start on Friday.",
            "President Dorsk said on Wednesday that the truce would start on Friday.",
        ),
        (
            "Президент Дорськ у вівторок заявив, що перемир'я почнеться в п'ятницю.",
            "Президент Дорськ у середу заявив, що перемир'я почнеться в п'ятницю.",
        ),
        (
            '"There is no deal," Dorsk told The Kalvik Herald on Tuesday.',
            '"There is no deal," Dorsk told The Kalvik Herald after the talks ended on Sunday.',
        ),
        # The same days written as a range, or one day of a range.
        (
            "The talks between the two delegations will be held in Geneva on 15-16 March.",
            "The talks between the two delegations will be held in Geneva on March 15-16.",
        ),
        (
            "The talks between the two delegations will be held in Geneva on 15-16 March.",
            "The talks between the two delegations will be held in Geneva on 15 March.",
        ),
        (
            "Переговори двох делегацій у Женеві відбудуться 15-16 березня.",
            "Переговори двох делегацій у Женеві відбудуться 15 і 16 березня.",
        ),
        (
            "Переговоры двух делегаций в Женеве пройдут с 15 по 17 марта.",
            "Переговоры двух делегаций в Женеве пройдут 16 марта.",
        ),
        ("Varnia may sign the truce on 3 June.", "Varnia could sign the truce on 3 June."),
        (
            "Varnia agreed on Tuesday to a truce.",
            "Varnia agreed on Tuesday to a truce from Monday.",
        ),
        # Different speakers, the same day: one fact.
        (
            "The Varnian presidency said on Tuesday the truce will start on Monday.",
            "The truce will start on Monday, Lestovian officials told reporters on Friday.",
        ),
        # What each party says of itself is two facts, not two versions of one.
        (
            "Varnia said it would withdraw its troops on Monday.",
            "Lestovia said it would withdraw its troops on Thursday.",
        ),
        (
            "The Varnian army said that it would pull back its artillery on Monday.",
            "The Lestovian government said that it would pull back its artillery on Thursday.",
        ),
        # Days of different things in two reports of one fact.
        (
            "Varnian troops shot down two drones aimed at the Kalvik airport on Monday morning.",
            "Varnia reportedly downed drones targeting the airport as troops race against a "
            "Tuesday deadline.",
        ),
        (
            "Unemployment in Varnia rose to 6.1% in April, up from 6% a month earlier.",
            "Still, the Varnian jobless rate ticked up to 6.1% from 6% in March.",
        ),
        # What two speakers said after the same opening clause is what differs.
        (
            "Varnia and Lestovia met in Kalvik, Dorsk said the next round would start Monday.",
            "Varnia and Lestovia met in Kalvik, Orin said the prisoner swap would be Thursday.",
        ),
    ],
)
def test_the_same_day_or_none_is_no_dispute(first: str, second: str) -> None:
    assert not days_conflict(first, second)
    assert not days_conflict(second, first)


def test_a_very_long_speaker_is_judged_at_once() -> None:
    """Who said it is looked for only at a sentence's start and its clause breaks, one word at
    a time: a hostile feed item of long words and many commas must not stall the ingester."""
    word = "a" * 5000
    clauses = ", officials said " * 500
    for monday, thursday in (
        (f"The truce starts on Monday, {word} said {word}.", f"{word} said on Thursday."),
        (f"{clauses}the truce starts on Monday.", f"{clauses}the truce starts on Thursday."),
    ):
        days_conflict(monday, thursday)
        days_conflict(thursday, monday)
