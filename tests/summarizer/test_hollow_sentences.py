"""A key point says something on its own: never only who said the sentence before it
("Про це повідомляє Укрінформ."), never a figure a feed cut off ("another $10..."), never a
place or date alone ("Стамбул."). Such a sentence is a point only when the text has nothing
else."""

from __future__ import annotations

import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.extractive import ExtractiveSummarizer
from summarizer.hollow import cut_at_figure, place_or_date_alone, points_back

SWAP_UK = (
    "Україна та Росія провели обмін полоненими, домовленість про який досягли у Стамбулі.\n"
    "Про це повідомляє Укрінформ.\n"
    "Кожна сторона передала по 390 осіб.\n"
    "Наступний раунд переговорів у Стамбулі поки не призначено."
)
AID_EXCERPT = (
    "The White House asked Congress for emergency money for disaster relief on Tuesday. "
    "It wants $14 billion for disasters that struck before the hurricane. "
    "The administration anticipates that another $10..."
)
"""A feed's excerpt: the cut fell between the figure and its "billion"."""


def test_summary_of_a_ukrainian_report_skips_the_sentence_naming_only_its_source(
    hashing_embedder,
) -> None:
    short_report = SWAP_UK.rsplit("\n", 1)[0]  # three sentences: each was a point
    points = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(short_report))
    assert [p.text for p in points.key_points] == [
        "Україна та Росія провели обмін полоненими, домовленість про який досягли у Стамбулі.",
        "Кожна сторона передала по 390 осіб.",
    ]


def test_summary_of_an_excerpt_never_shows_the_figure_the_feed_cut_off(hashing_embedder) -> None:
    points = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(AID_EXCERPT))
    texts = [p.text for p in points.key_points]
    assert texts
    assert not any("$10" in t for t in texts)


def test_a_text_that_is_only_such_a_sentence_still_gets_a_summary(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder).summarize(Article("Об этом сообщили в МИД."))
    assert [p.text for p in summary.key_points] == ["Об этом сообщили в МИД."]


@pytest.mark.model
def test_a_second_outlet_naming_who_said_it_brings_no_update(real_embedder) -> None:
    first = StoryArticle(SWAP_UK, outlet="Укрінформ")
    second = StoryArticle(
        "Україна та Росія провели обмін полоненими у неділю.\n"
        "Про це заявив президент Володимир Зеленський під час пресконференції, пише hromadske.",
        outlet="Громадське",
    )
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([first], 3).key_points
    later = summarizer.summarize([first, second], 5, previous=sent, known=1).key_points
    assert [p.text for p in later] == [p.text for p in sent]


@pytest.mark.parametrize(
    ("sentence", "hollow"),
    [
        ("Об этом ТАСС сообщили в ГИБДД России.", True),
        ("Про це повідомляє Укрінформ.", True),
        ("Об этом заявил министр во время встречи с журналистами, пишет hromadske.", True),
        ("Информацию об этом сообщает издание Bild.", True),
        ("This was reported by Reuters.", True),
        ("Про це заявив Зеленський, додавши, що переговори триватимуть.", False),
        ("Об этом в понедельник сообщил Кремль: «Переговоры продолжатся».", False),
        ("This was the first meeting of the two delegations.", False),
        ("Україна та Росія провели обмін полоненими.", False),
    ],
)
def test_only_a_sentence_that_names_nothing_but_its_source_points_back(
    sentence: str, hollow: bool
) -> None:
    assert points_back(sentence) is hollow


@pytest.mark.parametrize(
    ("source", "cut"),
    [
        ("The administration anticipates that another $10...", True),
        ("The vote was 10…", True),
        ("down from $2.3 trillion and the $1.7...", True),
        ("hospitalizations were averaging 101,747,...", False),
        ("in a tweet on April 25, 2021...", False),
        ("blames for the death of his 20-year-old...", False),
        ("the fund would cost 10 млн…", False),
        ("Each side released 390 prisoners.", False),
    ],
)
def test_a_figure_is_cut_off_only_when_the_cut_falls_right_after_it(
    source: str, cut: bool
) -> None:
    assert cut_at_figure(source) is cut


def test_a_dateline_set_in_paragraphs_of_its_own_is_no_point(hashing_embedder) -> None:
    page = (
        "Стамбул.\n2 июня.\n"
        "Российская и украинская делегации договорились об обмене пленными.\n"
        "Следующий раунд переговоров пройдет в июне."
    )
    summary = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(page))
    assert [p.text for p in summary.key_points] == [
        "Российская и украинская делегации договорились об обмене пленными.",
        "Следующий раунд переговоров пройдет в июне.",
    ]


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        ("Стамбул.", True),
        ("2 июня.", True),
        ("2 червня 2025 року.", True),
        ("June 2.", True),
        ("Talks collapsed.", False),
        ("Переговоры прошли 2 июня.", False),
        ("В 2025 году.", False),
    ],
)
def test_only_a_place_or_a_date_with_nothing_else_is_alone(sentence: str, alone: bool) -> None:
    assert place_or_date_alone(sentence) is alone
