"""Splitting keeps verbatim spans and drops the residue scraped pages carry."""

from __future__ import annotations

import time

import pytest

from summarizer.shorten import POINT_CHARS, shorten
from summarizer.text import (
    MAX_CHARS,
    clean_sentence,
    detect_language,
    split_document,
)


def test_every_sentence_is_a_verbatim_span_of_the_article(article_text: str) -> None:
    doc = split_document(article_text)
    assert doc.sentences
    for sentence in doc.sentences:
        assert article_text[sentence.start : sentence.end].strip() == sentence.source
        assert sentence.source in article_text


def test_footer_video_prompt_and_photo_caption_are_not_candidates(article_text: str) -> None:
    texts = " ".join(s.text for s in split_document(article_text).sentences)
    assert "Leave a Reply" not in texts
    assert "email address" not in texts
    assert "Source link" not in texts
    assert "Scroll down" not in texts
    assert "Delegates shake hands" not in texts


def test_a_heading_first_line_becomes_the_title(article_text: str) -> None:
    doc = split_document(article_text)
    assert doc.title.startswith("Varnia and Lestovia agree")
    assert all(not s.text.startswith("Varnia and Lestovia agree") for s in doc.sentences)


def test_a_given_title_wins_over_the_first_line(article_text: str) -> None:
    assert split_document(article_text, title="  Truce  agreed ").title == "Truce agreed"


def test_datelines_are_trimmed_from_the_point_but_kept_in_the_evidence(
    article_text: str,
) -> None:
    first = split_document(article_text).sentences[0]
    assert first.text.startswith("Negotiators for Varnia")
    assert first.source.startswith("GENEVA (Reuters) - Negotiators")


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("KYIV - Ukraine backs the truce.", "Ukraine backs the truce."),
        ("Kyiv, March 11 (Ukrinform) - Ukraine backs it.", "Ukraine backs it."),
        ("KYIV, 11 March 2025 (Xinhua) -- Ukraine backs it.", "Ukraine backs it."),
        ("MOSCOW, March 11. /TASS/. The Kremlin will study it.", "The Kremlin will study it."),
        ("BRUSSELS (dpa) - NATO ministers met.", "NATO ministers met."),
        ("SACRAMENTO (CBS13) — A mother is upset.", "A mother is upset."),
        ("PALM COAST, Fla. - A woman was arrested.", "A woman was arrested."),
        ("PARIS, Nov 2 — Talks resumed.", "Talks resumed."),
    ],
)  # fmt: skip
def test_other_wires_datelines_are_trimmed_from_the_point(sentence: str, shown: str) -> None:
    assert clean_sentence(sentence) == shown


@pytest.mark.parametrize(
    "sentence",
    [
        "U.S. - Ukraine talks resumed on Tuesday.",
        "EU - Ukraine talks resumed on Tuesday.",
        "Sen. Lindsey Graham (R-S.C.) — a longtime hawk — backed the plan.",
        "Russia — not Ukraine — must answer now.",
        "US-brokered talks began in Jeddah.",
        "On Tuesday, March 11 - the talks began.",
    ],
)
def test_an_opening_that_only_looks_like_a_dateline_is_kept(sentence: str) -> None:
    assert clean_sentence(sentence) == sentence


def test_cnn_marker_is_trimmed_and_a_whole_quote_kept() -> None:
    assert clean_sentence("(CNN)The talks resumed on Monday.") == "The talks resumed on Monday."
    assert clean_sentence("“We want peace,” she said.") == "“We want peace,” she said."


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("Обмін відбудеться найближчими днями..", "Обмін відбудеться найближчими днями."),
        ("Talks moved to the U.S..", "Talks moved to the U.S."),
        ("The envoy paused...", "The envoy paused..."),  # an ellipsis stays
    ],
)  # fmt: skip
def test_a_doubled_full_stop_reads_as_one(sentence: str, shown: str) -> None:
    assert clean_sentence(sentence) == shown


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        # The quotation goes on in the next sentence, where its speaker is named.
        ("“The buck stops with the minister.", "“The buck stops with the minister.”"),
        ('"The buck stops with the minister.', '"The buck stops with the minister."'),
        # The feed cut the lead off inside the quotation.
        (
            "“It is simply unacceptable that leaders put politics over...",
            ("“It is simply unacceptable that leaders put politics over...”"),
        ),
        # The quotation began in the sentence before.
        ("We will not sign under fire.”", "“We will not sign under fire.”"),
        ("«Мы не подпишем перемирие под огнем.", "«Мы не подпишем перемирие под огнем»."),
        ("Ми не підпишемо перемир'я під вогнем».", "«Ми не підпишемо перемир'я під вогнем»."),
    ],
)
def test_a_quotation_split_across_sentences_still_reads_as_a_quotation(
    sentence: str, shown: str
) -> None:
    """Dropping the lone mark made the speaker's words read as the outlet's own claim."""
    assert clean_sentence(sentence) == shown


def test_a_lone_straight_mark_in_cyrillic_text_is_an_export_artefact_and_dropped() -> None:
    """Ukrainian and Russian quote with «» or „“: a straight mark at the edge of Cyrillic text
    is what a spreadsheet export leaves around a whole report, not a quotation."""
    assert clean_sentence('"Поселки обеспечены топливом.') == "Поселки обеспечены топливом."
    assert clean_sentence('Поселки обеспечены топливом. "') == "Поселки обеспечены топливом."


def test_a_quote_opened_straight_and_closed_curly_keeps_both_marks() -> None:
    """Outlets mix quote styles; dropping the straight mark would leave the reader a closing
    quote with no opening one, and the speaker's words would read as the outlet's."""
    mixed = '"We will not sign under fire,” the minister said on Sunday.'
    assert clean_sentence(mixed) == mixed
    curly_then_straight = '“We will not sign under fire," the minister said on Sunday.'
    assert clean_sentence(curly_then_straight) == curly_then_straight


def test_html_tags_never_end_up_inside_a_sentence() -> None:
    html = "<p>The truce held overnight in the north.</p><p>Aid convoys reached the port.</p>"
    doc = split_document(html)
    assert [s.text for s in doc.sentences] == [
        "The truce held overnight in the north.",
        "Aid convoys reached the port.",
    ]


def test_daily_mail_style_byline_is_dropped() -> None:
    text = "By . Jane Roe . The ceasefire was signed in the capital on Friday evening."
    texts = [s.text for s in split_document(text).sentences]
    assert all("Jane Roe" not in t for t in texts)


def test_text_without_sentence_punctuation_is_cut_into_short_pieces() -> None:
    text = " ".join(["ceasefire talks continue in the capital"] * 60)
    doc = split_document(text)
    assert len(doc.sentences) > 1
    assert all(len(s.text) <= 220 for s in doc.sentences)
    assert all(s.source in text for s in doc.sentences)


def test_non_latin_sentences_are_split_on_their_own_stops() -> None:
    doc = split_document("停火协议已于周日生效。双方同意在日内瓦继续谈判。")
    assert len(doc.sentences) == 2


def test_a_huge_input_is_read_from_its_opening_quickly() -> None:
    text = "The guns fell silent along the river at dawn on Monday. " * 10_000
    started = time.perf_counter()
    doc = split_document(text)
    assert time.perf_counter() - started < 20
    assert doc.truncated
    assert doc.sentences[-1].end <= MAX_CHARS


def test_whitespace_only_text_has_no_sentences() -> None:
    assert split_document(" \n\t ").sentences == ()


def test_a_long_punctuated_sentence_stays_whole() -> None:
    sentence = (
        "The agreement, which "
        + "was negotiated over many weeks and many meetings, " * 9
        + "takes effect at dawn."
    )
    doc = split_document(sentence + " Both sides welcomed it.")
    assert len(sentence) > 400
    assert [s.source for s in doc.sentences] == [sentence, "Both sides welcomed it."]


def test_a_doubled_full_stop_never_becomes_a_sentence() -> None:
    from summarizer.text import split_document

    text = "Envoys met in Vienna on Monday.. They agreed to meet again next week.."
    sentences = split_document(text).sentences
    assert sentences
    assert all(any(ch.isalnum() for ch in s.text) for s in sentences)


# --- Ukrainian and Russian -------------------------------------------------------------------

UKRAINIAN = (
    "Перемир’я набуло чинності опівночі в неділю. "
    "Сторони домовилися продовжити переговори в м. Женева наступного тижня. "
    "За даними ООН, з березня загинули 5 тис. осіб, а збитки сягнули 3 млн грн. "
    "Згідно зі ст. 5 угоди, сторони відводять важку техніку на 20 кілометрів. "
    "В. Марченко заявив, що Україна готова до обміну полоненими. "
    "Спостерігачі ОБСЄ фіксують тишу на більшій частині лінії фронту."
)
RUSSIAN = (
    "Перемирие вступило в силу в полночь на воскресенье. "
    "Стороны договорились продолжить переговоры в г. Женеве на следующей неделе. "
    "По данным ООН, с марта погибли 5 тыс. человек, а ущерб составил 3 млрд руб. "
    "Согласно ст. 5 соглашения, стороны отводят тяжёлую технику на 20 километров. "
    "В. Орлов заявил, что Россия готова к обмену пленными. "
    "Наблюдатели ОБСЕ фиксируют тишину на большей части линии фронта."
)


@pytest.mark.parametrize(
    "text",
    [
        UKRAINIAN,
        RUSSIAN,
        UKRAINIAN.replace("опівночі в неділю", "опівночі після 2 год. 30 хв. суперечок"),
    ],
)
def test_ukrainian_and_russian_split_at_sentences_not_abbreviations(text: str) -> None:
    doc = split_document(text)
    assert len(doc.sentences) == 6
    assert all(s.text[0].isupper() and s.text.endswith(".") for s in doc.sentences)
    assert all(s.source in text for s in doc.sentences)


def test_the_language_is_told_from_the_letters() -> None:
    assert detect_language(UKRAINIAN) == "uk"
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language("The truce held overnight.") == "en"
    assert split_document(UKRAINIAN).language == "uk"


# --- Shortening long points ------------------------------------------------------------------

LONG = (
    "Varnia said it would back a proposal for a 30-day cease-fire with Lestovia after two "
    "days of talks in the port city of Port Alder, as the mediators agreed to lift at once "
    "their pause on intelligence sharing and military assistance to Varnia."
)


def test_a_long_sentence_is_cut_at_a_clause_boundary_into_a_verbatim_prefix() -> None:
    assert len(LONG) > POINT_CHARS
    short = shorten(LONG)
    assert len(short) <= POINT_CHARS
    assert short.endswith("…")
    assert LONG.startswith(short[:-1])
    assert short == LONG[: LONG.index(", as the")] + "…"


def test_a_short_sentence_is_left_alone() -> None:
    assert shorten("The truce held overnight.") == "The truce held overnight."


@pytest.mark.parametrize(
    "tail",
    [
        ", subject to approval by the parliament of Lestovia in a vote next week.",
        ", unless the artillery is pulled back from the river line by the end of the month.",
        ", not the 60-day truce that the mediators had asked both sides to sign.",
        ", the foreign minister of Varnia told reporters after the talks ended late.",
    ],
)
def test_a_condition_negation_or_attribution_is_never_cut_off(tail: str) -> None:
    head = (
        "Varnia would back a proposal for a 30-day cease-fire with Lestovia after two long "
        "days of talks in the port city of Port Alder on the northern coast"
    )
    sentence = head + tail
    assert len(sentence) > POINT_CHARS
    assert shorten(sentence) == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The " + "very " * 50 + "long truce held.",
        "The truce that the mediators from Kestrel and the monitors of the river line agreed "
        "with the delegations of Varnia and Lestovia in the port city of Port Alder after two "
        "long days of talks held through the night.",
    ],
)
def test_a_sentence_without_a_clause_boundary_stays_whole(sentence: str) -> None:
    assert len(sentence) > POINT_CHARS
    assert shorten(sentence) == sentence
