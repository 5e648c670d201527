"""Two outlets putting one thing on different days ("the cease-fire starts on Monday" / "on
Thursday") give two versions of it, like two figures: neither is credited with the other's,
and a later report moving the day is news. The same day in other words is one fact.

All outlets, places and people are invented.
"""

from __future__ import annotations

import pytest

from summarizer import KeyPoint, StoryArticle, StorySummarizer
from tests.summarizer.conftest import point_with

MONDAY = StoryArticle(
    outlet="Daily Beacon",
    text="The truce will start on Monday, the Varnian Foreign Ministry said.\n"
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
)
THURSDAY = StoryArticle(
    outlet="Evening Courier",
    text="The truce will start on Thursday, the Varnian Foreign Ministry said.\n"
    "The delegations will discuss a prisoner exchange in Dorsk.",
)
MARCH_5 = StoryArticle(
    outlet="Daily Beacon",
    text="The truce between Varnia and Lestovia will begin on March 5.",
)
MARCH_15 = StoryArticle(
    outlet="Evening Courier",
    text="The truce between Varnia and Lestovia will begin on March 15.",
)


def _shows_two_versions_each_with_its_outlet(
    points: tuple[KeyPoint, ...], day: str, other_day: str
) -> tuple[KeyPoint, KeyPoint]:
    """The two points giving each outlet's day: each credited to its own outlet only, the first
    naming the second as its rival version."""
    (start,) = point_with(points, day)
    (other_start,) = point_with(points, other_day)
    assert start.outlets == ("Daily Beacon",)
    assert other_start.outlets == ("Evening Courier",)
    assert start.rivals == (other_start.text,)
    return start, other_start


def _update(summarizer: StorySummarizer, first: StoryArticle, later: StoryArticle) -> list[str]:
    """The new points once `later` joins a story first summarized from `first` alone."""
    shown = summarizer.summarize([first], max_points=2).key_points
    update = summarizer.summarize([first, later], 4, previous=shown, known=1).key_points
    return [p.text for p in update if p.text not in {s.text for s in shown}]


@pytest.mark.parametrize(
    ("first", "other", "day", "other_day"),
    [
        (MONDAY, THURSDAY, "start on Monday", "start on Thursday"),
        (MARCH_5, MARCH_15, "on March 5", "on March 15"),
    ],
)
@pytest.mark.model
def test_an_outlet_giving_another_start_day_is_not_credited_with_the_point(
    summarizer, first: StoryArticle, other: StoryArticle, day: str, other_day: str
) -> None:
    points = summarizer.summarize([first, other], max_points=4).key_points
    _shows_two_versions_each_with_its_outlet(points, day, other_day)


@pytest.mark.parametrize(
    ("first", "later", "news"),
    [(MONDAY, THURSDAY, "start on Thursday"), (MARCH_5, MARCH_15, "begin on March 15")],
)
@pytest.mark.model
def test_a_later_report_moving_the_start_to_another_day_is_an_update(
    summarizer, first: StoryArticle, later: StoryArticle, news: str
) -> None:
    assert any(news in text for text in _update(summarizer, first, later))


@pytest.mark.parametrize(
    "text",
    [
        "The truce is to begin on Monday, the Varnian Foreign Ministry said.",
        "The truce will start on Monday, officials said.",
    ],
)
@pytest.mark.model
def test_the_same_day_in_other_words_is_one_fact_credited_to_both(summarizer, text) -> None:
    same_day = StoryArticle(outlet="Evening Courier", text=text)
    assert _update(summarizer, MONDAY, same_day) == []
    points = summarizer.summarize([MONDAY, same_day], max_points=3).key_points
    (start,) = [p for p in points if "Monday" in p.text]
    assert set(start.outlets) == {"Daily Beacon", "Evening Courier"}
    assert start.rivals == ()


@pytest.mark.parametrize(
    ("monday", "thursday", "day", "other_day"),
    [
        (
            "The Varnian presidency said the truce will start on Monday.",
            "Officials said the truce will start on Thursday.",
            "Monday",
            "Thursday",
        ),
        (
            "On Sunday, the Varnian presidency said the truce will start on Monday.",
            "The truce will start on Thursday, a Lestovian army spokesman told reporters.",
            "Monday",
            "Thursday",
        ),
        (
            "Президент Варнії заявив, що перемир'я почнеться в понеділок.",
            "У Лестовії заявили, що перемир'я почнеться в четвер.",
            "понеділок",
            "четвер",
        ),
    ],
)
@pytest.mark.model
def test_outlets_quoting_different_speakers_for_different_days_show_both_days(
    summarizer, monday: str, thursday: str, day: str, other_day: str
) -> None:
    """Who said it is not what was said: two outlets quoting different speakers for the start
    are two versions of the day, each credited to its own outlet."""
    first = StoryArticle(outlet="Daily Beacon", text=monday)
    other = StoryArticle(outlet="Evening Courier", text=thursday)
    points = summarizer.summarize([first, other], max_points=4).key_points
    start, other_start = _shows_two_versions_each_with_its_outlet(points, day, other_day)
    assert other_start.rivals == (start.text,)
