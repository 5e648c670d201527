"""A point that goes on from its speaker's statement is read after that statement.

In a trial of the real bot a Russian update opened with "Песков добавил, что встреча Путина и
Зеленского возможна только после подписания документов" and only then gave what he had said
first, the memorandum. Outlets and texts are invented.
"""

from __future__ import annotations

import pytest

from summarizer import StoryArticle, StorySummarizer
from summarizer.follow_on import follow_on_order, goes_on

TALKS = StoryArticle(
    "Делегации России и Украины в пятницу провели в Стамбуле первые с 2022 года прямые "
    "переговоры. Стороны договорились обменять по 1000 военнопленных, сообщил глава украинской "
    "делегации Рустем Умеров. Встреча при посредничестве Турции длилась менее двух часов. "
    "Умеров также сказал, что стороны обсудили возможное прекращение огня и встречу президентов.",
    "Россия и Украина договорились об обмене пленными на переговорах в Стамбуле",
    "РИА",
)
KREMLIN = StoryArticle(
    "Делегации России и Украины в пятницу в Стамбуле договорились об обмене 1000 на 1000 "
    "военнопленных. В субботу пресс-секретарь Кремля Дмитрий Песков заявил, что Москва "
    "подготовит меморандум с условиями прекращения огня. Песков добавил, что встреча Путина и "
    "Зеленского возможна только после подписания документов.",
    "Кремль: Москва подготовит меморандум о мирном урегулировании",
    "ТАСС",
)

pytestmark = pytest.mark.model


def test_an_update_gives_the_statement_before_what_its_speaker_added(
    summarizer: StorySummarizer,
) -> None:
    first = summarizer.summarize([TALKS], max_points=5).key_points  # as the bot stores it

    update = summarizer.summarize(
        [TALKS, KREMLIN], max_points=len(first) + 2, previous=first, known=1
    )

    news = [p.text for p in update.key_points[len(first) :]]
    assert [("меморандум" in p, "добавил" in p) for p in news] == [(True, False), (False, True)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Peskov added that a meeting of the presidents is possible.", True),
        ('"We will not sign," he added.', True),
        ("The talks will go on next week, Umerov added.", True),
        ("He also said the truce was holding.", True),
        ("Песков добавил, что встреча возможна.", True),
        ("Умєров також заявив, що обмін триватиме.", True),
        ("The economy added 559,000 jobs in May.", False),
        ("Each day of operations brings added risk to our troops.", False),
        ("Zelensky said Kyiv was ready, adding that Moscow must agree.", False),
        ("Зеленский заявил, что Киев готов.", False),
    ],
)
def test_a_sentence_goes_on_only_when_its_speaker_adds_to_what_came_before(
    sentence: str, expected: bool
) -> None:
    assert goes_on(sentence) is expected


# Candidate index -> (its article, whether it goes on).
STORY = {0: (0, False), 1: (0, False), 2: (0, True), 5: (1, False), 6: (1, True)}


def order(indices: list[int]) -> list[int]:
    points = [(f"point {i}", i) for i in indices]
    ordered = follow_on_order(points, lambda i: STORY[i][0], lambda i: STORY[i][1])
    return [i for _, i in ordered]


def test_a_point_that_goes_on_moves_after_its_articles_earlier_point_and_no_further() -> None:
    assert order([2, 5, 1, 6]) == [5, 1, 2, 6]


def test_points_already_in_order_or_with_nothing_before_them_keep_their_rank() -> None:
    assert order([1, 2, 5, 6]) == [1, 2, 5, 6]
    assert order([6, 2, 0]) == [6, 0, 2]  # 6's article shows nothing before it
    assert order([2, 6]) == [2, 6]


def test_two_outlets_versions_shown_together_are_not_split() -> None:
    # A point and another outlet's version with other figures share the candidate index.
    assert order([2, 1, 1]) == [1, 1, 2]
    assert order([6, 6, 5]) == [6, 6, 5]
