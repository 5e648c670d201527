"""An outlet reporting the opposite outcome disputes the statement: "accepted" / "rejected",
"agreed" / "refused to agree" (a refusal of a yes verb is its no); refusing to confirm is no
denial, and two ways of saying one refusal are no dispute."""

from __future__ import annotations

import pytest

from summarizer.disputes import disputes, opposite_conflict

AGREED = "Varnia agreed to a 30-day cease-fire."


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Varnia accepted the proposal for a 30-day cease-fire.",
            "Varnia rejected the proposal for a 30-day cease-fire.",
        ),
        ("Varnia agreed to the 30-day cease-fire.", "Varnia refused the 30-day cease-fire."),
        (
            "Lestovia confirmed the prisoner exchange on Sunday.",
            "Lestovia denied the prisoner exchange on Sunday.",
        ),
        ("Talks resumed in Kalvik on Monday.", "In Kalvik on Monday, talks were suspended."),
        # "Without" does not turn "accepted" into "did not accept".
        ("Varnia accepted the peace plan without reservation.", "Varnia rejected the peace plan."),
        ("Варния без колебаний приняла мирный план.", "Варния отклонила мирный план."),
    ],
)
def test_an_outlet_reporting_the_opposite_outcome_disputes_the_statement(
    first: str, second: str
) -> None:
    assert opposite_conflict(first, second)
    assert opposite_conflict(second, first)
    assert disputes(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # A paraphrase: both verbs on one side.
        ("Varnia agreed to the 30-day cease-fire.", "Varnia accepted the 30-day cease-fire."),
        # One sentence has both outcomes, for two parties.
        ("Varnia accepted the plan and Lestovia rejected it.", "Lestovia rejected the plan."),
        # "Did not reject" agrees with "accepted", so no negated sentence is judged here.
        ("Varnia accepted the plan.", "Varnia did not reject the plan."),
        # Two actors, each with their own answer.
        (
            "The Union welcomed the Kalvik deal on Tuesday.",
            "Lestovia condemned the Kalvik deal on Tuesday.",
        ),
        # 'Eastern' is not 'eased'.
        ("Varnia imposed a curfew in eastern towns.", "Varnia imposed a curfew in the towns."),
    ],
)
def test_sentences_that_do_not_state_opposite_outcomes_are_no_dispute(
    first: str, second: str
) -> None:
    assert not opposite_conflict(first, second)
    assert not opposite_conflict(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (AGREED, "Varnia refused to agree to a 30-day cease-fire."),
        (AGREED, "Varnia declined to formally agree to a 30-day cease-fire."),
        (AGREED, "Varnia refused outright to agree to a 30-day cease-fire."),
        (AGREED, "Varnia failed to agree to a 30-day cease-fire."),
        (
            "Varnia accepted the proposal for a 30-day cease-fire.",
            "Varnia refused to accept the proposal for a 30-day cease-fire.",
        ),
        (
            "Варния согласилась на 30-дневное перемирие.",
            "Варния отказалась согласиться на 30-дневное перемирие.",
        ),
        (
            "Варнія прийняла пропозицію про перемир'я.",
            "Варнія відмовилася прийняти пропозицію про перемир'я.",
        ),
    ],
)
def test_a_refusal_to_agree_disputes_the_agreement(first: str, second: str) -> None:
    assert opposite_conflict(first, second)
    assert opposite_conflict(second, first)


def test_declining_to_confirm_a_strike_is_not_denying_it() -> None:
    """Refusing to confirm is no denial: the outlet that only declined to confirm is never
    credited with "denied", and the denial stays a rival version of the unconfirmed report."""
    denied = "The army denied the strike on the port in Varna."
    for unconfirmed in (
        "The army declined to confirm the strike on the port in Varna.",
        "The army was unable to confirm the strike on the port in Varna.",
    ):
        assert disputes(denied, unconfirmed)
        assert disputes(unconfirmed, denied)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Two ways of saying the refusal.
        (
            "Varnia refused to agree to a 30-day cease-fire.",
            "Varnia rejected a 30-day cease-fire.",
        ),
        (
            "Varnia declined to accept the 30-day cease-fire.",
            "Varnia rejected the 30-day cease-fire.",
        ),
        (
            "Varnia refused to agree to a 30-day cease-fire.",
            "Varnia did not agree to a 30-day cease-fire.",
        ),
        # Both say it: one agreement after an earlier refusal.
        (
            "Varnia agreed to the cease-fire after refusing to agree to the first draft.",
            "Varnia agreed to the cease-fire.",
        ),
    ],
)
def test_a_refusal_in_other_words_is_no_dispute(first: str, second: str) -> None:
    assert not disputes(first, second)
    assert not disputes(second, first)
