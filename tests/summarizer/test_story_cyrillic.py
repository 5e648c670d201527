"""A Ukrainian or Russian story: each outlet credited only with what it reports, and a new fact
is news (invented reports).

The packaged encoder reads only English: to it any two Ukrainian sentences of one story look
alike, so before, every outlet was credited with every point and a later report's new fact was
taken for a repeat. These sentences are compared by their words instead.
"""

from __future__ import annotations

import numpy as np
import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.extractive import ExtractiveSummarizer
from summarizer.lexical import WordVectors, embedder_for
from tests.fakes import HashingEmbedder
from tests.summarizer.conftest import point_with

pytestmark = pytest.mark.model

ISTANBUL = StoryArticle(
    "Делегації України та Росії у вівторок провели новий раунд переговорів у Стамбулі за "
    "посередництва Туреччини. Сторони обговорили 30-денне припинення вогню та обмін "
    "полоненими. Міністр закордонних справ заявив, що Київ готовий до нової зустрічі "
    "наступного тижня. За його словами, обмін може відбутися вже в п'ятницю. Туреччина "
    "запропонувала провести наступну зустріч в Анкарі.",
    "Переговори у Стамбулі",
    "Outlet A",
)
KREMLIN = StoryArticle(
    "У Стамбулі завершився раунд переговорів між Україною та Росією. Делегації обговорили "
    "30-денне припинення вогню та обмін полоненими 1000 на 1000. Кремль заявив, що вивчить "
    "пропозицію. Наступна зустріч можлива за тиждень.",
    "Раунд переговорів завершився",
    "Outlet B",
)


def test_an_outlet_is_credited_only_with_what_it_reports(real_embedder) -> None:
    points = StorySummarizer(real_embedder).summarize([ISTANBUL, KREMLIN], 5).key_points

    [friday] = point_with(points, "п'ятницю")
    assert friday.outlets == ("Outlet A",)
    [kremlin] = point_with(points, "Кремль")
    assert kremlin.outlets == ("Outlet B",)
    [ceasefire] = point_with(points, "припинення вогню")
    assert set(ceasefire.outlets) == {"Outlet A", "Outlet B"}  # both report it


def test_a_later_reports_new_fact_is_news_for_an_update(real_embedder) -> None:
    summarizer = StorySummarizer(real_embedder)
    first = summarizer.summarize([ISTANBUL], 3).key_points

    update = summarizer.summarize([ISTANBUL, KREMLIN], 5, previous=first, known=1)

    new = [p for p in update.key_points if p.text not in {f.text for f in first}]
    assert any("Кремль" in p.text for p in new), [p.text for p in update.key_points]


def test_a_ukrainian_article_keeps_its_distinct_points(real_embedder) -> None:
    summary = ExtractiveSummarizer(real_embedder, max_points=4).summarize(
        Article(text=ISTANBUL.text, title=ISTANBUL.title)
    )

    texts = [p.text for p in summary.key_points]
    assert len(texts) == 4, texts
    assert all(p.text in ISTANBUL.text for p in summary.key_points)


def test_english_text_keeps_the_encoder_and_any_cyrillic_text_uses_words() -> None:
    encoder = HashingEmbedder(64)
    assert embedder_for(encoder, ["en", "en"]) is encoder
    assert isinstance(embedder_for(encoder, ["en", "ru"]), WordVectors)


def test_word_vectors_make_sentences_alike_only_when_they_share_words() -> None:
    vectors = WordVectors().embed(
        [
            "Сторони обговорили 30-денне припинення вогню.",
            "Делегації обговорили 30-денне припинення вогню.",
            "Кремль заявив, що вивчить пропозицію.",
            "",
        ]
    )

    assert float(vectors[0] @ vectors[1]) > 0.7
    assert float(vectors[0] @ vectors[2]) == pytest.approx(0.0)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0)
    assert not vectors[3].any()


TALKS_BEGIN = StoryArticle(
    "У Стамбулі у вівторок розпочався новий раунд прямих переговорів між делегаціями України "
    "та Росії. Українську делегацію очолює міністр оборони Рустем Умєров. Сторони обговорюють "
    "обмін полоненими та можливе припинення вогню на 30 днів.",
    "Розпочався новий раунд переговорів",
    "Outlet A",
)
SWAP_AGREED = StoryArticle(
    "Делегації України та Росії за підсумками переговорів у Стамбулі домовилися про обмін "
    "полоненими за формулою 1000 на 1000, заявив Рустем Умєров. Щодо припинення вогню "
    "домовленості досягти не вдалося.",
    "Домовилися про обмін 1000 на 1000",
    "Outlet B",
)
FOLLOW_UP = StoryArticle(
    "Переговори у Стамбулі завершилися домовленістю про обмін тисячею полонених з кожного "
    "боку. Кремль заявив, що готовий продовжити контакти. Турецька сторона запропонувала "
    "провести наступний раунд у Стамбулі.",
    "Переговори завершилися",
    "Outlet C",
)


def test_a_fact_readers_were_sent_stays_in_the_story_when_another_report_comes(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    first = summarizer.summarize([TALKS_BEGIN], 5).key_points
    second = summarizer.summarize([TALKS_BEGIN, SWAP_AGREED], 7, first, known=1).key_points
    [swap] = point_with(second, "1000 на 1000")
    assert swap.text not in {p.text for p in first}  # news in the update readers got

    third = summarizer.summarize(
        [TALKS_BEGIN, SWAP_AGREED, FOLLOW_UP], 9, second, known=2
    ).key_points
    assert swap.text in {p.text for p in third}
    assert [p.text for p in third][: len(second)] == [p.text for p in second]


def test_ukrainian_outlets_giving_the_truce_different_lengths_are_both_shown(
    real_embedder,
) -> None:
    thirty = StoryArticle(
        "Сторони погодили 30-денне припинення вогню, яке почнеться опівночі.\n"
        "Перемир'я охопить північний фронт і порт Кальвік.",
        "Перемир'я",
        "Outlet A",
    )
    twenty = StoryArticle(
        "Сторони погодили припинення вогню на 20 днів, яке почнеться опівночі.\n"
        "Фермери біля Кальвіка кажуть, що не сіяли пшеницю два сезони.",
        "Перемир'я",
        "Outlet B",
    )

    points = StorySummarizer(real_embedder).summarize([thirty, twenty], 4).key_points

    [long_truce] = point_with(points, "30-денне")
    [short_truce] = point_with(points, "на 20 днів")
    assert long_truce.outlets == ("Outlet A",)
    assert short_truce.outlets == ("Outlet B",)
    assert long_truce.rivals == (short_truce.text,)


STRIKE = StoryArticle(
    "В результате ракетного удара по Калвику утром в среду погибли пятеро мирных жителей, "
    "еще 19 человек получили ранения, сообщил глава областной администрации Иван Петренко. "
    "Среди раненых трое детей. Удар пришелся на жилой квартал рядом с рынком. Спасатели "
    "продолжают разбирать завалы.",
    "Удар по Калвику",
    "Outlet A",
)
TOLL_RISES = StoryArticle(
    "Число погибших в результате ракетного удара по Калвику в среду выросло до семи человек, "
    "сообщили в Госслужбе по чрезвычайным ситуациям. Ранения получили 23 человека, из них "
    "четверо детей. Двое пострадавших находятся в тяжелом состоянии. Спасатели завершили "
    "разбор завалов к вечеру.",
    "Число погибших выросло",
    "Outlet B",
)


def test_a_later_report_of_a_risen_death_toll_is_news_for_an_update(real_embedder) -> None:
    # Half its words are the push's first point's, but it gives a count that point never gives.
    summarizer = StorySummarizer(real_embedder)
    first = summarizer.summarize([STRIKE], 5).key_points

    update = summarizer.summarize([STRIKE, TOLL_RISES], len(first) + 2, previous=first, known=1)

    new = [p for p in update.key_points if p.text not in {f.text for f in first}]
    [toll] = point_with(new, "семи человек")
    assert toll.outlets == ("Outlet B",)
