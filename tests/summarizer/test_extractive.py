"""The default backend: short, distinct, verbatim key points in reading order."""

from __future__ import annotations

import time

import pytest

from summarizer import Article, SummaryError
from summarizer.extractive import ExtractiveSummarizer


@pytest.fixture
def summarizer(hashing_embedder) -> ExtractiveSummarizer:
    return ExtractiveSummarizer(hashing_embedder, max_points=5)


def test_key_points_quote_their_evidence_verbatim(summarizer, article_text: str) -> None:
    summary = summarizer.summarize(Article(text=article_text))
    assert summary.backend == "extractive"
    assert 3 <= len(summary.key_points) <= 5
    for point in summary.key_points:
        assert point.evidence
        assert all(evidence in article_text for evidence in point.evidence)


def test_key_points_come_in_reading_order(summarizer, article_text: str) -> None:
    points = summarizer.summarize(Article(text=article_text)).key_points
    positions = [article_text.index(p.evidence[0]) for p in points]
    assert positions == sorted(positions)


def test_key_points_do_not_repeat_each_other(summarizer, article_text: str) -> None:
    doubled = article_text.replace(
        "Under the deal,",
        "Negotiators for Varnia and Lestovia agreed on Sunday to a 14-day cease-fire. Under the "
        "deal,",
    )
    points = summarizer.summarize(Article(text=doubled)).key_points
    texts = [p.text for p in points]
    assert len(set(texts)) == len(texts)
    assert sum("agreed on Sunday to a 14-day cease-fire" in t for t in texts) == 1


def test_the_lead_fact_is_a_key_point(summarizer, article_text: str) -> None:
    points = summarizer.summarize(Article(text=article_text, title="Truce agreed")).key_points
    assert points[0].text.startswith("Negotiators for Varnia and Lestovia agreed")


def test_residue_never_becomes_a_key_point(summarizer, article_text: str) -> None:
    texts = " ".join(p.text for p in summarizer.summarize(Article(text=article_text)).key_points)
    for residue in ("Leave a Reply", "Scroll down", "Source link", "GENEVA (Reuters)"):
        assert residue not in texts


def test_max_points_is_respected(summarizer, article_text: str) -> None:
    assert len(summarizer.summarize(Article(text=article_text), max_points=2).key_points) == 2


def test_a_single_sentence_gives_a_single_point(summarizer) -> None:
    summary = summarizer.summarize(Article(text="The cease-fire took effect at midnight."))
    assert [p.text for p in summary.key_points] == ["The cease-fire took effect at midnight."]


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_gets_a_clear_error(summarizer, text: str) -> None:
    with pytest.raises(SummaryError, match="no text"):
        summarizer.summarize(Article(text=text))


def test_boilerplate_only_text_gets_a_clear_error(summarizer) -> None:
    with pytest.raises(SummaryError, match="no sentences"):
        summarizer.summarize(Article(text="Source link\n\nLeave a Reply\n"))


def test_a_bad_point_count_gets_a_clear_error(summarizer, article_text: str) -> None:
    with pytest.raises(SummaryError, match="between 1 and 20"):
        summarizer.summarize(Article(text=article_text), max_points=0)


def test_half_a_million_characters_get_a_summary_without_hanging(summarizer) -> None:
    text = "Shelling resumed near the border crossing on Tuesday night. " * 8_500
    started = time.perf_counter()
    summary = summarizer.summarize(Article(text=text))
    assert time.perf_counter() - started < 30
    assert summary.key_points


def test_html_residue_is_summarized_from_its_text(summarizer) -> None:
    html = (
        "<div class='story'><p>Both armies began withdrawing tanks from the river line.</p>"
        "<p>Monitors counted 40 vehicles leaving the area by noon.</p></div>"
    )
    points = summarizer.summarize(Article(text=html)).key_points
    assert points
    assert all("<" not in p.text and p.evidence[0] in html for p in points)


def test_non_english_text_is_summarized_verbatim(summarizer) -> None:
    text = "Перемирие вступило в силу в полночь. Стороны договорились продолжить переговоры."
    points = summarizer.summarize(Article(text=text)).key_points
    assert points
    assert all(p.evidence[0] in text for p in points)


@pytest.mark.model
def test_the_real_model_picks_the_lead_and_the_key_facts(real_embedder, article_text) -> None:
    summary = ExtractiveSummarizer(real_embedder).summarize(Article(text=article_text))
    texts = [p.text for p in summary.key_points]
    assert texts[0].startswith("Negotiators for Varnia and Lestovia agreed")
    assert all(len(t) <= 220 for t in texts)
    assert all(e in article_text for p in summary.key_points for e in p.evidence)
