"""Two outlets' sentences about different parties, places or days are two facts, however close
their wording: neither outlet is credited with the other's, and a later one is news."""

from __future__ import annotations

import pytest

from summarizer import KeyPoint, StoryArticle, StorySummarizer

VARNIA = StoryArticle(
    outlet="Daily Beacon",
    text="The Varnian government accepted the cease-fire proposal on Sunday.\n"
    "The mediator will travel to Kalvik next week to prepare the signing.",
)
LESTOVIA = StoryArticle(
    outlet="Evening Courier",
    text="The Lestovian government accepted the cease-fire proposal on Sunday.\n"
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
)


def _new(points: tuple[KeyPoint, ...], before: tuple[KeyPoint, ...]) -> list[KeyPoint]:
    return [p for p in points if p.text not in {b.text for b in before}]


@pytest.fixture
def summarizer(real_embedder) -> StorySummarizer:
    return StorySummarizer(real_embedder, max_points=5)


@pytest.mark.model
def test_an_outlet_reporting_another_party_is_not_credited_with_the_point(summarizer) -> None:
    points = summarizer.summarize([VARNIA, LESTOVIA], max_points=4).key_points
    [varnia] = [p for p in points if p.text.startswith("The Varnian government")]
    assert varnia.outlets == ("Daily Beacon",)


@pytest.mark.model
def test_the_other_party_accepting_too_is_news_in_the_update(summarizer) -> None:
    first = summarizer.summarize([VARNIA], max_points=2).key_points
    update = summarizer.summarize([VARNIA, LESTOVIA], 4, previous=first, known=1).key_points
    assert any(p.text.startswith("The Lestovian government") for p in _new(update, first))


@pytest.mark.model
def test_talks_moved_to_another_place_and_day_are_news_in_the_update(summarizer) -> None:
    monday = StoryArticle(
        outlet="Daily Beacon",
        text="Talks between the delegations will resume in Kalvik on Monday, the mediator said.\n"
        "The delegations will discuss a prisoner exchange.",
    )
    wednesday = StoryArticle(
        outlet="Evening Courier",
        text="Talks between the delegations will resume in Dorsk on Wednesday, the mediator "
        "said.\nThe delegations will discuss a prisoner exchange.",
    )
    first = summarizer.summarize([monday], max_points=2).key_points
    update = summarizer.summarize([monday, wednesday], 4, previous=first, known=1).key_points
    assert any("Dorsk on Wednesday" in p.text for p in _new(update, first))


@pytest.mark.model
def test_a_rewording_that_names_the_capital_or_the_reporter_is_no_news(summarizer) -> None:
    first = StoryArticle(
        outlet="Daily Beacon",
        text="Ukraine accepted the peace plan of the mediators on Tuesday, Reuters reported.\n"
        "The mediator will travel to Kalvik next week to prepare the signing.",
    )
    again = StoryArticle(
        outlet="Evening Courier",
        text="Kyiv accepted the peace plan of the mediators on Tuesday, AP reported.",
    )
    shown = summarizer.summarize([first], max_points=2).key_points
    update = summarizer.summarize([first, again], 4, previous=shown, known=1).key_points
    assert _new(update, shown) == []
    [plan] = [p for p in update if "peace plan" in p.text]
    assert set(plan.outlets) == {"Daily Beacon", "Evening Courier"}
