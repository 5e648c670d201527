"""A sentence that denies what another outlet states is a dispute, a paraphrase is not."""

from __future__ import annotations

import pytest

from summarizer.disputes import disputes, negation_conflict

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
        # The negation is about something else than what the first sentence states.
        (AGREED, "Lestovia did not comment on the talks in Geneva."),
    ],
)
def test_sentences_that_do_not_deny_each_other_are_no_dispute(first: str, second: str) -> None:
    assert not negation_conflict(first, second)
    assert not negation_conflict(second, first)


def test_a_figure_dispute_is_a_dispute() -> None:
    assert disputes(AGREED, "Varnia agreed to a 20-day cease-fire.")
    assert not disputes(AGREED, "Varnia agreed to a 30-day cease-fire on Sunday.")
