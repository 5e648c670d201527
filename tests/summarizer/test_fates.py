"""Two outlets' counts of people whom different things befell (killed, injured, evacuated,
held, freed, missing) are two statements, however alike their words."""

from __future__ import annotations

import pytest

from summarizer.disputes import another_statement
from summarizer.figures import other_fates


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        (
            "At least 12 people were killed in Kalvik.",
            "At least 30 people were injured there.",
            True,
        ),
        (
            "The attack killed 12 people and injured 30.",
            "30 people were hurt in the attack.",
            False,
        ),
        ("12 people were killed in Kalvik.", "The strike left 12 people dead in Kalvik.", False),
        ("300 civilians were evacuated from Kalvik.", "12 civilians were killed in Kalvik.", True),
        ("Lestovia freed 84 prisoners.", "Varnia captured 84 soldiers near Kalvik.", True),
        ("Lestovia freed 84 prisoners.", "84 prisoners were returned to Lestovia.", False),
        ("Погибли 12 человек.", "Ранены 30 человек.", True),
        ("Загинули 12 людей.", "Поранено 30 осіб.", True),
        ("У Харкові загинули щонайменше 12 людей.", "У Харкові поранено 5 людей.", True),
        ("В Харькове погибли по меньшей мере 12 человек.", "В Харькове ранены 5 человек.", True),
        ("12 people were killed in Kalvik.", "Talks on Kalvik resume on Monday.", False),
        # Those in hospital are among the hurt: a count of them is what a count of the hurt
        # says only with the same number.
        (
            "Five people were taken to hospital in Kalvik.",
            "Five people were injured there.",
            False,
        ),
        ("Five people remain in hospital in Kalvik.", "19 people were wounded in Kalvik.", True),
        (
            "Six men were killed in Kalvik and five people remain in hospital with injuries.",
            "In addition to the six dead in Kalvik, 19 people were wounded, all men.",
            True,
        ),
        ("Госпіталізовано 12 людей.", "Загинули 12 людей.", True),
    ],
)
def test_counts_of_people_whom_different_things_befell_are_two_statements(
    first: str, second: str, apart: bool
) -> None:
    assert other_fates(first, second) is apart
    assert another_statement(first, second) is apart
