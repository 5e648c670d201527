"""A point that opens with "He added ..." or "По его словам, ..." comes with the sentence that
names its speaker, so a reader never takes it for another point's speaker's words."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.antecedents import names_the_speaker
from summarizer.extractive import DEFAULT_WEIGHTS, ExtractiveSummarizer, Prepared, select
from summarizer.text import split_document

ISTANBUL_RU = (
    "Делегации России и Украины провели в понедельник в Стамбуле второй раунд прямых "
    "переговоров, которые продлились чуть более часа.\n\n"
    "Об этом сообщил глава украинской делегации Рустем Умеров.\n\n"
    "По его словам, стороны договорились об обмене пленными по формуле «1000 на 1000», а также "
    "о передаче тел 6 тыс. погибших военных.\n\n"
    "Следующая встреча может состояться в конце июня, однако дата пока не определена."
)


def test_a_back_reference_naming_the_speaker_and_the_pronoun_after_it_are_one_sentence() -> None:
    sentences = [s.text for s in split_document(ISTANBUL_RU).sentences]
    assert sentences[1] == (
        "Об этом сообщил глава украинской делегации Рустем Умеров. По его словам, стороны "
        "договорились об обмене пленными по формуле «1000 на 1000», а также о передаче тел "
        "6 тыс. погибших военных."
    )
    assert len(sentences) == 3


def test_the_joined_sentence_quotes_both_sentences_verbatim_as_its_evidence() -> None:
    joined = split_document(ISTANBUL_RU).sentences[1].source
    assert joined in ISTANBUL_RU
    assert joined.startswith("Об этом сообщил")
    assert joined.endswith("погибших военных.")


@pytest.mark.parametrize(
    ("back_reference", "sentence", "joined"),
    [
        ("Об этом сообщил глава делегации.", "По его словам, обмен начнётся в субботу.", True),
        ("Об этом заявила пресс-секретарь.", "Она добавила, что обмен начнётся в субботу.", True),
        ("Об этом сообщили в Кремле.", "По их словам, обмен начнётся в субботу.", True),
        ("Про це повідомив Умєров.", "За його словами, обмін почнеться в суботу.", True),
        ("Про це розповіла омбудсменка.", "За її словами, обмін почнеться в суботу.", True),
        ("Про це заявили в ОП.", "Вони додали, що обмін почнеться в суботу.", True),
        # The verb's gender or number is not the pronoun's: the speaker is someone else.
        ("Об этом сообщила пресс-секретарь.", "По его словам, обмен начнётся в субботу.", False),
        ("Про це повідомив Умєров.", "За її словами, обмін почнеться в суботу.", False),
        # A present-tense back-reference names an outlet, not the "he" that follows.
        ("Об этом сообщает ТАСС.", "По его словам, обмен начнётся в субботу.", False),
        ("This was reported by Reuters.", "He said the exchange starts on Saturday.", False),
        # Nothing to stand for: the sentence names its speaker itself.
        ("Об этом сообщил глава делегации.", "Умеров добавил, что обмен начнётся.", False),
    ],
)
def test_a_back_reference_names_the_speaker_only_when_its_verb_agrees_with_the_pronoun(
    back_reference: str, sentence: str, joined: bool
) -> None:
    assert names_the_speaker(back_reference, sentence) is joined
    text = f"Переговоры прошли в Стамбуле в понедельник.\n{back_reference}\n{sentence}"
    sentences = [s.text for s in split_document(text).sentences]
    assert (f"{back_reference} {sentence}" in sentences) is joined


SCHIFF = (
    "Rep. Adam Schiff said on Wednesday the committee was ready to compel Flynn to testify.\n"
    "He added that the committee could issue more subpoenas to other witnesses.\n"
    "The committee met behind closed doors for three hours.\n"
    "Flynn's lawyers declined to comment on the subpoenas."
)


def _prepared(text: str) -> Prepared:
    doc = split_document(text)
    return Prepared(doc, np.eye(len(doc.sentences), dtype=np.float32), None)


def _pick(text: str, scores: list[float], count: int, speaker_first: bool = True) -> list[str]:
    prepared = _prepared(text)
    weights = DEFAULT_WEIGHTS if speaker_first else DEFAULT_WEIGHTS.__class__(speaker_first=False)
    picked = select(prepared, np.array(scores), count, weights)
    return [prepared.candidates[i].text.split()[0] for i in sorted(picked)]


def test_a_pronoun_point_brings_the_sentence_naming_its_speaker_however_it_scored() -> None:
    assert _pick(SCHIFF, [0.1, 1.0, 0.8, 0.7], 2, speaker_first=False) == ["He", "The"]
    assert _pick(SCHIFF, [0.1, 1.0, 0.8, 0.7], 2) == ["Rep.", "He"]


def test_with_room_for_one_point_the_next_best_is_taken_instead() -> None:
    assert _pick(SCHIFF, [0.1, 1.0, 0.8, 0.7], 1) == ["The"]
    three = "The talks ended on Monday.\n" + SCHIFF
    assert _pick(three, [1.0, 0.1, 0.9, 0.8, 0.7], 2) == ["The", "The"]


def test_a_chain_of_pronouns_waits_for_the_sentence_naming_the_speaker() -> None:
    text = SCHIFF.replace("The committee met", "He noted the committee met")
    assert _pick(text, [0.1, 0.2, 1.0, 0.7], 2) == ["Rep.", "Flynn's"]
    assert _pick(text, [0.1, 0.2, 1.0, 0.7], 3) == ["Rep.", "He", "Flynn's"]
    assert _pick(text, [0.1, 0.2, 1.0, 0.7], 4) == ["Rep.", "He", "He", "Flynn's"]


def test_a_pronoun_point_is_still_a_point_when_nothing_else_is_left() -> None:
    assert _pick(SCHIFF, [0.1, 1.0, 0.8, 0.7], 4) == ["Rep.", "He", "The", "Flynn's"]
    text = "He said the talks went well.\nHe added that a deal was close."
    assert _pick(text, [1.0, 0.5], 2) == ["He", "He"]


@pytest.mark.model
def test_summary_of_a_russian_report_names_who_gave_its_figures(real_embedder) -> None:
    points = ExtractiveSummarizer(real_embedder).summarize(Article(text=ISTANBUL_RU)).key_points
    exchange = next(p for p in points if "1000 на 1000" in p.text)
    assert "Рустем Умеров" in exchange.text
    assert all(e in ISTANBUL_RU for e in exchange.evidence)


ENVOY = StoryArticle(
    outlet="Daily Beacon",
    title="Varnia and Lestovia agree to exchange 300 prisoners of war",
    text="Varnia and Lestovia resumed truce talks in Geneva on Monday, the ministry said.\n"
    "Envoy Marko Ilic spoke afterwards.\n"
    "He said the two sides agreed to exchange 300 prisoners of war by the end of the month.\n"
    "The talks are due to continue on Tuesday with military experts from both sides.",
)
"""The exchange is the news; right after "..., the ministry said" its "He" would read
as the ministry's spokesman."""


@pytest.mark.model
def test_a_pushed_story_of_one_report_shows_he_said_only_after_its_speaker(
    real_embedder,
) -> None:
    two = [p.text for p in StorySummarizer(real_embedder).summarize([ENVOY], 2).key_points]
    assert len(two) == 2
    assert not any(p.startswith("He said") for p in two)
    three = [p.text for p in StorySummarizer(real_embedder).summarize([ENVOY], 3).key_points]
    assert three[1:] == [
        "Envoy Marko Ilic spoke afterwards.",
        "He said the two sides agreed to exchange 300 prisoners of war by the end of the month.",
    ]


@pytest.mark.model
def test_a_speaker_already_shown_is_not_shown_twice_when_the_story_is_summarized_again(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    first = summarizer.summarize([ENVOY], 3).key_points
    again = summarizer.summarize([ENVOY], 3, previous=first[:2]).key_points
    assert [p.text for p in again] == [p.text for p in first]
