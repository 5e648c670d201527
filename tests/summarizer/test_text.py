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
    starts_mid_sentence,
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


def test_cnn_marker_is_trimmed_and_a_whole_quote_kept() -> None:
    assert clean_sentence("(CNN)The talks resumed on Monday.") == "The talks resumed on Monday."
    assert clean_sentence("“We want peace,” she said.") == "“We want peace,” she said."


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


# --- Hard-wrapped, CRLF and cut-off text: a candidate never starts mid-sentence -------------

# Invented report, as pasted from an email or a PDF: one paragraph per blank-line block.
REPORT_PARAGRAPHS = [
    "Varnia said it would back a proposal for a 30-day cease-fire with Lestovia after talks "
    "in Port Alder, as the mediators agreed to lift their pause on intelligence sharing and "
    "military assistance to Varnia.",
    "Envoy Ilse Marten sat down in the city of Port Alder with a delegation led by Pavel "
    "Orin, the president's chief of staff, Foreign Minister Anna Dreyer and Defense Minister "
    "Tomas Weil.",
    "The ministers said the first prisoner exchange would take place on Friday. Observers "
    "from the Nordic states reported on Tuesday that the front line had been quiet for two "
    "nights, and the working groups would start work next week.",
]


def _wrap(paragraphs: list[str], width: int, newline: str, blank: bool = True) -> str:
    import textwrap

    joiner = newline * 2 if blank else newline
    return joiner.join(newline.join(textwrap.wrap(p, width)) for p in paragraphs)


def _texts(text: str) -> list[str]:
    return [s.text for s in split_document(text).sentences]


def test_an_article_wrapped_at_70_columns_splits_like_the_unwrapped_one() -> None:
    flowing = "\n\n".join(REPORT_PARAGRAPHS)
    wrapped = _wrap(REPORT_PARAGRAPHS, 70, "\n")
    assert max(len(line) for line in wrapped.splitlines()) <= 70
    assert _texts(wrapped) == _texts(flowing)
    for sentence in split_document(wrapped).sentences:
        assert wrapped[sentence.start : sentence.end].strip() == sentence.source
        assert "\n" not in sentence.text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_are_line_breaks_and_evidence_stays_verbatim(
    newline: str,
) -> None:
    wrapped = _wrap(REPORT_PARAGRAPHS, 72, newline)
    doc = split_document(wrapped)
    assert _texts(wrapped) == _texts("\n\n".join(REPORT_PARAGRAPHS))
    assert all(s.source in wrapped and "\r" not in s.text for s in doc.sentences)


def test_wire_copy_wrapped_without_blank_lines_gives_no_tail_fragments() -> None:
    wire = _wrap(REPORT_PARAGRAPHS, 66, "\n", blank=False)
    texts = _texts(wire)
    assert len(texts) == 4
    assert not any(t.startswith(("reported on Tuesday", "would start work")) for t in texts)
    assert not any(t.startswith(("sharing and", "Minister Anna Dreyer")) for t in texts)
    assert all(t[0].isupper() for t in texts)


def test_lines_that_are_not_wrapped_stay_separate() -> None:
    text = (
        "Talks resume in Port Alder\n"
        "The truce held overnight in the north.\n"
        "- Aid convoys reached the port.\n"
        "- Monitors counted 40 vehicles.\n"
    )
    assert _texts(text) == [
        "The truce held overnight in the north.",
        "Aid convoys reached the port.",
        "Monitors counted 40 vehicles.",
    ]
    assert split_document(text).title == "Talks resume in Port Alder"


def test_a_short_page_whose_headline_is_as_long_as_a_paragraph_keeps_it_out_of_the_points() -> (
    None
):
    # As trafilatura gives a short page: the headline, then one paragraph per line. Two of
    # the three lines are about as long, which once read as text hard-wrapped at that width.
    headline = "Україна погодилася на 30-денне перемир'я після переговорів у Джидді"
    first = (
        "Україна у вівторок погодилася на пропозицію США щодо негайного 30-денного припинення "
        "вогню з Росією після восьмигодинних переговорів у Джидді."
    )
    second = "Вашингтон негайно відновить військову допомогу."
    text = f"{headline}\n{first}\n{second}"
    assert _texts(text) == [first, second]
    assert split_document(text).title == headline


def test_a_line_starting_in_lower_case_continues_the_sentence_above() -> None:
    text = "Officials said on Monday that the talks\nwould start again in Port Alder next week."
    assert _texts(text) == [
        "Officials said on Monday that the talks would start again in Port Alder next week."
    ]


def test_a_word_hyphenated_across_lines_keeps_its_hyphen_only() -> None:
    text = "The two armies agreed to a cease-\nfire along the whole river line on Sunday."
    assert _texts(text) == [
        "The two armies agreed to a cease-fire along the whole river line on Sunday."
    ]


def test_an_article_pasted_from_mid_sentence_drops_the_leading_tail() -> None:
    text = (
        "to save struggling peace talks. The envoys met again on Monday in Port Alder. "
        "Both sides agreed to extend the truce by a week."
    )
    texts = _texts(text)
    assert texts == [
        "The envoys met again on Monday in Port Alder.",
        "Both sides agreed to extend the truce by a week.",
    ]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("to save struggling peace talks.", True),
        ("and Defense Minister Tomas Weil.", True),
        ("”, she said on Monday.", True),
        ("), the ministry said.", True),
        ("The envoys met again.", False),
        ("“We want peace,” she said.", False),
        ("40 people were freed.", False),
        ("iPhone sales fell in the region.", False),
        ("GENEVA (Reuters) - Negotiators met.", False),
        ("і тому переговори тривали.", True),
        ("Переговори тривали.", False),
    ],
)
def test_what_counts_as_starting_mid_sentence(span: str, expected: bool) -> None:
    assert starts_mid_sentence(span) is expected


def test_text_typed_all_in_lower_case_is_still_split_into_sentences() -> None:
    text = "the truce held overnight. aid convoys reached the port. monitors counted forty trucks."
    assert len(split_document(text).sentences) == 3


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


def test_one_paragraph_per_line_keeps_its_subheadings_apart() -> None:
    paragraph = (
        "Negotiators for Varnia and Lestovia met for nine hours on Sunday in Port Alder and "
        "agreed on a text that both delegations will now take back to their capitals. "
    )
    text = "\n".join(
        [
            paragraph * 2,
            "What the deal means for the front line and for the people who live along it",
            paragraph,
            "Artillery is to be pulled back 20 kilometres on both sides of the river line.",
            paragraph,
        ]
    )
    texts = _texts(text)
    assert "Artillery is to be pulled back 20 kilometres on both sides of the river line." in texts
    assert not any("live along it" in t for t in texts)
