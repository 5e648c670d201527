"""A sentence the outlet marks as a reminder of earlier news ("Нагадаємо, ...", "Ранее
сообщалось, что ...") is never an update's news, and in a push or summary a point only when
nothing else is left: it is old news, often with a superseded figure."""

from __future__ import annotations

import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.extractive import ExtractiveSummarizer
from summarizer.recaps import recaps

FIRST = StoryArticle(
    "Україна та Росія в неділю провели обмін полоненими на кордоні з Білоруссю.\n"
    "Кожна сторона передала по 390 осіб, серед них поранені військові.",
    outlet="Укрінформ",
)
SECOND = StoryArticle(
    "Україна та Росія в неділю обміняли по 390 полонених на кордоні з Білоруссю.\n"
    "Нагадаємо, 11 березня у Джидді делегація України погодилася на 30-денне перемир'я.",
    outlet="Громадське",
)
REPORT = (
    "Число погибших при столкновении двух автомобилей в Лестовии выросло до пяти человек.\n"
    "Ранее сообщалось, что в результате аварии погибли четыре человека.\n"
    "На трассе между сёлами Варна и Дорск столкнулись два автомобиля.\n"
    "Полиция возбудила уголовное дело о нарушении правил дорожного движения."
)


@pytest.mark.model
def test_a_second_outlets_recap_of_old_news_is_no_update(real_embedder) -> None:
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([FIRST], 3).key_points
    later = summarizer.summarize([FIRST, SECOND], 5, previous=sent, known=1).key_points
    assert not any(p.text.startswith("Нагадаємо") for p in later)


def test_a_summary_leaves_out_the_superseded_figure_of_a_recap(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(REPORT))
    texts = [p.text for p in summary.key_points]
    assert len(texts) == 3
    assert not any("четыре" in t for t in texts)


def test_a_recap_is_still_a_point_when_nothing_else_is_left(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder, max_points=4).summarize(Article(REPORT))
    assert len(summary.key_points) == 4  # in reading order: the recap is the second


@pytest.mark.parametrize(
    ("sentence", "recap"),
    [
        ("Напомним, прокуратура потребовала возбудить уголовное дело.", True),
        ("Нагадаємо, 11 березня Україна погодилася на перемир'я.", True),
        ("Ранее сообщалось, что погибли четыре человека.", True),
        ("Раніше повідомлялося, що обмін відкладено.", True),
        ("Ранее «Коммерсант» писал, что переговоры перенесли.", True),
        ("As previously reported, the talks began on Tuesday.", True),
        ("Ранее в понедельник Кремль заявил, что изучит план.", False),
        ("Раніше цього дня Зеленський прибув до Джидди.", False),
        ("Reporters were told that the talks began on Tuesday.", False),
    ],
)
def test_only_a_sentence_marked_as_a_reminder_is_a_recap(sentence: str, recap: bool) -> None:
    assert recaps(sentence) is recap


@pytest.mark.model
def test_an_outlets_recap_of_an_earlier_figure_is_no_rival_version(real_embedder) -> None:
    now = StoryArticle(
        "Russia and Ukraine exchanged 390 prisoners each on Sunday, the defence ministry said.\n"
        "The swap was agreed at talks in Istanbul last week.",
        outlet="Daily Beacon",
    )
    recap = StoryArticle(
        "The exchange of prisoners on Sunday was the largest since the war began.\n"
        "As previously reported, Russia and Ukraine exchanged 270 prisoners each on Sunday.\n"
        "The swap was agreed in Istanbul.",
        outlet="Evening Courier",
    )
    points = StorySummarizer(real_embedder).summarize([now, recap], 3).key_points
    assert not any(p.rivals for p in points)
    assert not any("270" in p.text for p in points)
