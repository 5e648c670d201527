"""News pages carry furniture in the article text: links to other stories ("Читайте також:
<another story's headline>"), credits ("Фото: ..."), calls to subscribe, publishing notes
("This article was updated at 18:00 GMT."). None is ever a key point: a summary never shows
another story's headline as this one's news, and a republished report with a note sends no
update."""

from __future__ import annotations

import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.cleaning import is_boilerplate
from summarizer.extractive import ExtractiveSummarizer

PAGE = (
    "Україна та Росія провели обмін полоненими, домовленість про який досягли у Стамбулі.\n"
    "Читайте також: Зеленський заявив, що переговори у Джидді зірвано.\n"
    "Кожна сторона передала по 390 осіб.\n"
    "Фото: Координаційний штаб з питань поводження з військовополоненими.\n"
    "Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися новини."
)


def test_summary_of_a_ukrainian_page_shows_none_of_its_furniture(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder, max_points=5).summarize(Article(PAGE))
    assert [p.text for p in summary.key_points] == [
        "Україна та Росія провели обмін полоненими, домовленість про який досягли у Стамбулі.",
        "Кожна сторона передала по 390 осіб.",
    ]


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Читайте також: Зеленський заявив про нові переговори.", True),
        ("ЧИТАЙТЕ ТАКЖЕ Путин ответил на предложение США.", True),
        ("Дивіться також відео з місця подій.", True),
        ("Фото: Офіс президента.", True),
        ("Источник: РИА Новости.", True),
        ("Подписывайтесь на наш канал в Telegram.", True),
        ("Если вы заметили ошибку, выделите её и нажмите Ctrl+Enter.", True),
        ("Фото з відкритих джерел.", True),
        ("ALSO READ: Kremlin answers the US truce plan", True),
        ("See also: how the Jeddah talks went", True),
        ("This article was updated at 18:00 GMT.", True),
        ("This story has been updated with the Kremlin's answer.", True),
        ("Новину оновлено о 18:00.", True),
        ("Статья обновлена в 18:00 по Москве.", True),
        ("The truce was updated on Friday to cover the Black Sea.", False),
        ("Фотографії з Джидди опублікував Офіс президента.", False),
        ("Читачі запитують, коли відновляться переговори.", False),
        ("Источники в Кремле сообщили о новом раунде переговоров.", False),
        ("Реклама российских банков запрещена в Украине с 2022 года.", False),
    ],
)
def test_only_the_furniture_is_dropped(line: str, furniture: bool) -> None:
    assert is_boilerplate(line) is furniture


@pytest.mark.model
def test_a_republished_report_with_an_update_note_sends_no_update(real_embedder) -> None:
    first = StoryArticle(
        "The US brokered a Black Sea truce between Varnia and Lestovia on Tuesday.\n"
        "Both sides agreed to stop attacks on merchant ships for 30 days.",
        outlet="Daily Beacon",
    )
    republished = StoryArticle(
        "The US brokered a Black Sea truce between Varnia and Lestovia late on Tuesday.\n"
        "Both sides agreed to stop attacks on merchant ships for 30 days.\n"
        "This article was updated at 18:00 GMT.",
        outlet="Daily Beacon Europe",
    )
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([first], 3).key_points
    later = summarizer.summarize([first, republished], 5, previous=sent, known=1).key_points
    assert [p.text for p in later] == [p.text for p in sent]
