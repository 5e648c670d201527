"""A later report's sentence that says an earlier statement and more is news: "the Ukrainian
delegation at the talks in Istanbul handed over a list of 400 deported children" shares the
delegation, the talks and Istanbul with "the delegations at the talks in Istanbul agreed on
an exchange", but what it adds is the development. Seen in a trial of the real bot: that
lead never reached the Russian reader's update."""

from __future__ import annotations

import pytest

from summarizer import StoryArticle, StorySummarizer
from summarizer.repeats import repeats_in_words, restated_in_words

INTERFAX = StoryArticle(
    "Российская и украинская делегации на переговорах в Стамбуле договорились об обмене "
    "пленными по формуле «1000 на 1000».\n"
    "«Мы договорились об обмене всеми тяжелоранеными, больными и молодыми военнопленными», - "
    "сказал Мединский.\n"
    "Российская сторона также передаст Украине 6 000 тел погибших военнослужащих.",
    outlet="Интерфакс",
)
STRANA = StoryArticle(
    "На переговорах в Стамбуле украинская делегация передала российской стороне список из 400 "
    "депортированных украинских детей.\n"
    "Обмен пленными может начаться уже в эти выходные, сообщил источник в делегации.",
    outlet="Страна",
)
LIST = (
    "На переговорах в Стамбуле украинская делегация передала российской стороне список из 400 "
    "депортированных украинских детей."
)


@pytest.mark.model
def test_a_lead_that_says_the_earlier_talks_and_a_new_fact_reaches_the_update(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([INTERFAX], 3).key_points
    later = summarizer.summarize([INTERFAX, STRANA], 5, previous=sent, known=1).key_points
    assert LIST in [p.text for p in later[len(sent) :]]


def test_only_the_later_sentences_share_of_words_makes_it_a_repeat() -> None:
    old = {"российск", "украинск", "делегац", "переговор", "стамбул", "договор", "обмен", "пленн"}
    new = {"переговор", "стамбул", "украинск", "делегац", "передал", "российск", "сторон",
           "списк", "400", "депорт", "дет"}  # fmt: skip
    assert repeats_in_words(new, old, LIST, "")  # half of the shorter, earlier one
    assert not restated_in_words(new, old, LIST, "")  # under half of the later one
    assert restated_in_words(old - {"обмен"}, new | {"обмен"}, "", "")
