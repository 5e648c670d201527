"""Ukrainian and Russian news pages carry their own furniture in the article text ("Читайте
також: <another story's headline>", "Фото: ...", "Підписуйтесь на наш Telegram"): like
"Read more" and "Photo:" in English, it is never a key point, so a summary never shows
another story's headline as this one's news."""

from __future__ import annotations

import pytest

from summarizer import Article
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
        ("Фотографії з Джидди опублікував Офіс президента.", False),
        ("Читачі запитують, коли відновляться переговори.", False),
        ("Источники в Кремле сообщили о новом раунде переговоров.", False),
        ("Реклама российских банков запрещена в Украине с 2022 года.", False),
    ],
)
def test_only_the_furniture_is_dropped(line: str, furniture: bool) -> None:
    assert is_boilerplate(line) is furniture
