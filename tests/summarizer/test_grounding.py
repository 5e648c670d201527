"""The guard: a point is shown only when its evidence holds every fact in it."""

from __future__ import annotations

import pytest

from summarizer.grounding import align, check_point, unsupported_facts
from summarizer.text import split_document


@pytest.fixture
def sentences(article_text: str):
    return split_document(article_text).sentences


def test_a_faithful_paraphrase_passes_with_its_evidence(sentences) -> None:
    verdict = check_point(
        "Varnia and Lestovia agreed to a 14-day cease-fire starting at midnight.", sentences
    )
    assert verdict.ok, verdict.reason
    assert verdict.evidence[0].source.startswith("GENEVA (Reuters)")


def test_a_wrong_number_is_caught(sentences) -> None:
    verdict = check_point(
        "Varnia and Lestovia agreed to a 30-day cease-fire starting at midnight.", sentences
    )
    assert not verdict.ok
    assert "30" in verdict.reason


def test_a_number_taken_from_another_sentence_is_caught(sentences) -> None:
    verdict = check_point(
        "The truce covers the port of Kalvik, where 14 people have been displaced.", sentences
    )
    assert not verdict.ok


def test_an_invented_name_is_caught(sentences) -> None:
    verdict = check_point(
        "Pavel Orin said Lestovia would not accept monitors from Brussels.", sentences
    )
    assert not verdict.ok
    assert "Brussels" in verdict.reason


def test_a_dropped_negation_is_caught() -> None:
    evidence = "The minister said his government would accept monitors from neighbouring states."
    assert unsupported_facts("The government would not accept monitors.", evidence) == [
        "(negation)"
    ]


@pytest.mark.parametrize(
    ("point", "source"),
    [
        (
            "In Geneva, neither side agreed to the 30-day truce on Monday.",
            "In Geneva, both sides agreed to the 30-day truce on Monday.",
        ),
        (
            "The talks in Geneva are nowhere near a deal on the truce.",
            "The talks in Geneva are near a deal on the truce.",
        ),
        (
            "Переговори в Женеві завершилися без угоди про перемир'я.",
            "Переговори в Женеві завершилися угодою про перемир'я.",
        ),
        (
            "Переговоры в Женеве закончились без соглашения о перемирии.",
            "Переговоры в Женеве закончились соглашением о перемирии.",
        ),
    ],
)
def test_a_generated_point_adding_neither_nowhere_or_without_is_rejected(
    point: str, source: str
) -> None:
    verdict = check_point(point, split_document(source).sentences)
    assert not verdict.ok
    assert verdict.reason == "not in its evidence: (negation)"


def test_number_words_match_digits_and_words() -> None:
    assert unsupported_facts("Nine hours of talks ended.", "after 9 hours of talks") == []
    assert unsupported_facts("Two crossings open.", "through two crossings") == []
    assert unsupported_facts("Three crossings open.", "through two crossings") == ["Three"]


def test_a_decimal_comma_is_no_thousands_separator() -> None:
    evidence = "Україна отримає 15 млрд доларів допомоги, а інфляція сповільнилася до 12,8%."
    assert unsupported_facts("Україна отримає 1,5 млрд доларів.", evidence) == ["1,5"]
    assert unsupported_facts("Інфляція сповільнилася до 12,8%.", evidence) == []
    assert unsupported_facts("The deal frees 1,500 prisoners.", "It frees 1500 prisoners.") == []


def test_a_statement_without_support_has_no_evidence(sentences) -> None:
    assert align("Oil prices rose sharply in Asian markets overnight.", sentences) == ()
    assert not check_point("Oil prices rose sharply in Asian markets overnight.", sentences).ok


def test_evidence_can_join_two_sentences(sentences) -> None:
    point = "The truce covers Kalvik, and heavy artillery will be pulled 20 kilometres back."
    evidence = align(point, sentences)
    assert len(evidence) == 2
    assert check_point(point, sentences).ok


@pytest.mark.parametrize(
    "garbage",
    [
        "Lestovia Lestovia Lestovia covers covers covers",
        "- - Kalvik truce - - - port",
        "the truce the truce the truce the truce",
        "Truce.",
    ],
)
def test_degenerate_model_output_is_rejected(garbage: str, sentences) -> None:
    assert not check_point(garbage, sentences).ok
