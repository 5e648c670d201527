"""Splitting keeps verbatim spans and drops the residue scraped pages carry."""

from __future__ import annotations

import time

from summarizer.text import MAX_CHARS, clean_sentence, split_document


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


def test_cnn_marker_and_stray_quotes_are_trimmed() -> None:
    assert clean_sentence("(CNN)The talks resumed on Monday.") == "The talks resumed on Monday."
    assert clean_sentence("“The talks resumed on Monday.") == "The talks resumed on Monday."
    assert clean_sentence("“We want peace,” she said.") == "“We want peace,” she said."


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
