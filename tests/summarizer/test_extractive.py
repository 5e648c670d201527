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


# --- Key-point text quality: full sentences, short, distinct --------------------------------


def _wrapped(text: str, width: int = 70, newline: str = "\r\n") -> str:
    import textwrap

    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return (newline * 2).join(newline.join(textwrap.wrap(p, width)) for p in paragraphs)


def test_the_default_is_three_points(hashing_embedder, article_text: str) -> None:
    summary = ExtractiveSummarizer(hashing_embedder).summarize(Article(text=article_text))
    assert len(summary.key_points) == 3


def test_a_hard_wrapped_crlf_article_gives_whole_sentence_points(
    hashing_embedder, article_text: str
) -> None:
    wrapped = _wrapped(article_text)
    summarizer = ExtractiveSummarizer(hashing_embedder)
    points = summarizer.summarize(Article(text=wrapped), max_points=5).key_points
    flowing = summarizer.summarize(Article(text=article_text), max_points=5).key_points
    assert [p.text for p in points] == [p.text for p in flowing]
    for point in points:
        assert point.text[0].isupper() or point.text[0] in '“"'
        assert all(evidence in wrapped for evidence in point.evidence)


def test_an_article_cut_off_mid_sentence_never_leads_with_the_tail(hashing_embedder) -> None:
    text = (
        "to save struggling peace talks.\n\n"
        "The envoys of Varnia and Lestovia met again on Monday in Port Alder.\n\n"
        "Both sides agreed to extend the truce by a week and to swap prisoners on Friday."
    )
    points = ExtractiveSummarizer(hashing_embedder).summarize(Article(text=text)).key_points
    assert points
    assert all(not p.text.lower().startswith("to save") for p in points)


REPEATING = (
    "Varnia said it would back a 30-day cease-fire with Lestovia after talks in Port Alder, "
    "as the mediators agreed to resume military aid and intelligence sharing with Varnia. "
    "Fighting continued overnight near the port of Kalvik, where shelling damaged a hospital. "
    "The mediators said they would resume military aid and intelligence sharing with Varnia, "
    "which they had suspended in March after a heated meeting with its president in the capital. "
    "Talks on a permanent settlement are due to resume in Geneva on 3 December. "
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons."
)


def test_two_points_never_say_the_same_thing(hashing_embedder) -> None:
    points = ExtractiveSummarizer(hashing_embedder).summarize(Article(text=REPEATING)).key_points
    assert len(points) == 3
    assert sum("resume military aid" in p.text for p in points) == 1


LONG_SENTENCES = (
    "Varnia said on Sunday that it would back a proposal for a 30-day cease-fire with Lestovia "
    "after two days of talks in the port city of Port Alder, as the mediators agreed to lift "
    "at once their pause on intelligence sharing and military assistance to Varnia. "
    "Envoy Ilse Marten sat down in the city of Port Alder with a delegation led by Pavel Orin, "
    "the president's chief of staff, Foreign Minister Anna Dreyer, Defense Minister Tomas "
    "Weil and the head of the border guard, General Lena Sorvik, who joined them late. "
    "The first exchange of 40 prisoners is due on Friday. "
    "Lestovia has not yet said whether it accepts the proposal."
)


def test_points_are_short_and_quote_whole_sentences_as_evidence(hashing_embedder) -> None:
    from summarizer.grounding import unsupported_facts
    from summarizer.text import clean_sentence

    points = (
        ExtractiveSummarizer(hashing_embedder).summarize(Article(text=LONG_SENTENCES)).key_points
    )
    assert len(points) == 3
    for point in points:
        assert len(point.text) <= 200
        (evidence,) = point.evidence
        assert evidence in LONG_SENTENCES
        assert clean_sentence(evidence).startswith(point.text.removesuffix("…"))
        assert unsupported_facts(point.text, evidence) == []
    assert any(p.text.endswith("…") for p in points)


UKRAINIAN = (
    "Перемир’я між Варнією та Лестовією набуло чинності опівночі в неділю. "
    "Сторони домовилися продовжити переговори в м. Женева наступного тижня. "
    "За даними ООН, з березня загинули 5 тис. осіб, а збитки сягнули 3 млн грн. "
    "Згідно зі ст. 5 угоди, сторони відводять важку техніку на 20 кілометрів від лінії фронту. "
    "В. Марченко заявив, що Варнія готова до обміну полоненими вже в п’ятницю. "
    "Спостерігачі фіксують тишу на більшій частині лінії фронту."
)
RUSSIAN = (
    "Перемирие между Варнией и Лестовией вступило в силу в полночь на воскресенье. "
    "Стороны договорились продолжить переговоры в г. Женеве на следующей неделе. "
    "По данным ООН, с марта погибли 5 тыс. человек, а ущерб составил 3 млрд руб. "
    "Согласно ст. 5 соглашения, стороны отводят тяжёлую технику на 20 километров от линии фронта. "
    "В. Орлов заявил, что Лестовия готова к обмену пленными уже в пятницу. "
    "Наблюдатели фиксируют тишину на большей части линии фронта."
)


@pytest.mark.parametrize("text", [UKRAINIAN, RUSSIAN])
def test_a_ukrainian_or_russian_paragraph_is_condensed_to_whole_sentences(
    hashing_embedder, text: str
) -> None:
    from summarizer.text import split_document

    sentences = {s.text for s in split_document(text).sentences}
    points = ExtractiveSummarizer(hashing_embedder).summarize(Article(text=text)).key_points
    assert 1 <= len(points) <= 3
    for point in points:
        assert point.text in sentences
        assert point.text[0].isupper()
        assert point.text.endswith(".")
        assert point.evidence == (point.text,)
        assert point.evidence[0] in text
