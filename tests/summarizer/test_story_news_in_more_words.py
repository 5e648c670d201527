"""A later report's sentence that says an earlier statement and more is news: "the Ukrainian
delegation at the talks in Istanbul handed over a list of 400 deported children" shares the
delegation, the talks and Istanbul with "the delegations at the talks in Istanbul agreed on
an exchange", but what it adds is the development. Seen in a trial of the real bot: that
lead never reached the Russian reader's update."""

from __future__ import annotations

import pytest

from summarizer import StoryArticle, StorySummarizer
from summarizer.grounding import content_words
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


FIDAN_AGREEMENT = (
    "Ukraine and Russia have agreed to stop attacking each other's Black Sea ports for 60 days, "
    "Turkish Foreign Minister Hakan Fidan said on Wednesday after two days of talks in Ankara."
)
FIDAN_APPEAL = "Turkish Foreign Minister Hakan Fidan urged both sides to show restraint."


def test_a_later_statement_sharing_only_its_speaker_with_an_earlier_one_is_news() -> None:
    assert not restated_in_words(
        frozenset(content_words(FIDAN_APPEAL)),
        frozenset(content_words(FIDAN_AGREEMENT)),
        FIDAN_APPEAL,
        FIDAN_AGREEMENT,
    )


def test_the_same_statement_by_the_same_speaker_in_other_order_is_still_said_before() -> None:
    old = "The moratorium will start at midnight on Friday, Fidan told reporters."
    new = "Fidan said the moratorium would start at midnight on Friday."
    assert restated_in_words(
        frozenset(content_words(new)), frozenset(content_words(old)), new, old
    )


@pytest.mark.model
def test_a_speakers_new_appeal_reaches_the_update(real_embedder) -> None:
    first = StoryArticle(
        f"{FIDAN_AGREEMENT}\nThe moratorium will start at midnight on Friday and will be "
        "monitored by a joint centre in Istanbul, Fidan told reporters.\n"
        "The Kremlin did not immediately comment.",
        outlet="Outlet A",
    )
    second = StoryArticle(
        "A 60-day moratorium on strikes against Black Sea ports came into force at midnight "
        f"on Friday, the joint monitoring centre in Istanbul said.\n{FIDAN_APPEAL}",
        outlet="Outlet B",
    )
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([first], 3).key_points
    later = summarizer.summarize([first, second], 5, previous=sent, known=1).key_points
    assert FIDAN_APPEAL in [p.text for p in later[len(sent) :]]
