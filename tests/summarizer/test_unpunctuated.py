"""A long post without full stops (common in chat channels) still gets a faithful summary:
it is cut into pieces that never split a figure and never pass for whole sentences."""

from __future__ import annotations

import re

import pytest

from summarizer import Article
from summarizer.extractive import ExtractiveSummarizer
from summarizer.text import split_document

POST = (
    "Делегації Варнії та Лестовії провели шість годин переговорів у Порт-Алдері за "
    "посередництва Кестрела і погодили гуманітарні кроки на найближчі тижні{pad} сторони "
    "обміняються полоненими у форматі 1 000 на 1 000 осіб до кінця місяця а також передадуть "
    "тіла загиблих через переправу на річці без попередніх умов як заявили у делегаціях"
)
RU_POST = (
    "Делегации Варнии и Лестовии провели шесть часов переговоров в Порт-Алдере при "
    "посредничестве Кестрела и согласовали гуманитарные шаги на ближайшие недели{pad} стороны "
    "обменяются пленными в формате 1 000 на 1 000 человек до конца месяца а также передадут "
    "тела погибших через переправу на реке без предварительных условий как заявили в делегациях"
)


def _posts() -> list[str]:
    """The same post with the figure shifted across every place a piece could end."""
    return [
        post.format(pad=" " + "дуже " * n + "швидко")
        for post in (POST, RU_POST)
        for n in range(0, 12)
    ]


@pytest.mark.parametrize("text", _posts())
def test_a_figure_written_with_a_space_is_never_split_between_pieces(text: str) -> None:
    sources = [s.source for s in split_document(text).sentences]
    assert len(sources) > 1
    assert all(source in text for source in sources)
    assert not any(re.match(r"\d{3}\b", source) for source in sources)
    assert any("1 000 на 1 000" in source for source in sources)


def test_a_piece_of_a_longer_post_is_marked_where_it_was_cut() -> None:
    text = POST.format(pad=":")
    sentences = split_document(text).sentences
    assert len(sentences) == 2
    first, second = sentences
    assert first.text.endswith("тижні…")  # cut after the colon, where the clause ends
    assert second.text.startswith("…сторони обміняються")
    assert first.source + " " + second.source == text


def test_points_from_an_unpunctuated_post_keep_their_figures_and_their_evidence(
    hashing_embedder,
) -> None:
    summarizer = ExtractiveSummarizer(hashing_embedder, max_points=3)
    for text in _posts():
        for point in summarizer.summarize(Article(text=text)).key_points:
            (evidence,) = point.evidence
            assert evidence in text
            assert not re.search(r"(?:^|\s)1…$|^…?\d{3}\b", point.text)
            assert point.text.endswith("…") or text.endswith(evidence)


RANGE_POSTS = (
    "Делегації Варнії та Лестовії провели шість годин переговорів у Порт-Алдері за "
    "посередництва Кестрела і погодили гуманітарні кроки на найближчі тижні{pad} сторони "
    "обміняються полоненими {figure} осіб до кінця місяця а також передадуть тіла загиблих "
    "через переправу на річці без попередніх умов як заявили у делегаціях",
    "Delegations of Varnia and Lestovia held six hours of talks in Port Alder mediated by "
    "Kestrel and agreed humanitarian steps for the coming weeks{pad} the sides will exchange "
    "{figure} prisoners by the end of the month and hand over the bodies of the dead across "
    "the river crossing without preconditions as the delegations said",
    "Делегации Варнии и Лестовии провели шесть часов переговоров в Порт-Алдере при "
    "посредничестве Кестрела и согласовали гуманитарные шаги на ближайшие недели{pad} стороны "
    "обменяются пленными {figure} человек до конца месяца а также передадут тела погибших "
    "через переправу на реке без предварительных условий как заявили в делегациях",
)


@pytest.mark.parametrize(
    ("post", "figure"),
    [
        (RANGE_POSTS[0], "між 1 000 та 1 500"),
        (RANGE_POSTS[0], "1 000 або 1 500"),
        (RANGE_POSTS[1], "between 1,000 and 1,500"),
        (RANGE_POSTS[1], "1,000 or 1,500"),
        (RANGE_POSTS[2], "1 000 или 1 500"),
        (RANGE_POSTS[2], "между 1 000 и 1 500"),
    ],
)
def test_a_range_in_an_unpunctuated_post_is_never_split_between_pieces(
    post: str, figure: str
) -> None:
    for n in range(12):
        text = post.format(pad=" " + "and so on " * n, figure=figure)
        sources = [s.source for s in split_document(text).sentences]
        assert len(sources) > 1
        assert any(figure in source for source in sources), (n, sources)
