"""Who a story's point is credited to, and when two outlets' figures are shown as rivals.

A reader takes "Daily Beacon, Evening Courier" under a point to mean both outlets reported it: an
outlet whose close sentence gives another count of the dead, another month or another
committee did not, and is not named. Two figures are shown side by side only when they are
versions of one fact: a rate per day beside a total, a rounded figure, a number in words or a
part beside the whole is no dispute. All outlets, places and people are invented.
"""

from __future__ import annotations

import pytest

from summarizer import StoryArticle
from summarizer.figures import figures_conflict, figures_differ
from summarizer.support import supports
from tests.summarizer.conftest import point_with

FILLER = (
    "Farmers near the border said they had not been able to plant wheat for two seasons.\n"
    "The foreign ministry summoned the ambassador of a neighbouring state over a trade row."
)


def _story(first: str, second: str) -> list[StoryArticle]:
    return [
        StoryArticle(outlet="Daily Beacon", text=f"{first}\n{FILLER}"),
        StoryArticle(outlet="Evening Courier", text=f"{second}\nTalks on grain exports stalled."),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("point", "other", "marker"),
    [
        (  # another count of the same dead
            "At least 28 Lestovians, including nine children, were killed in Kalvik on Sunday.",
            "Of the 26 people killed in Kalvik on Sunday, at least nine were children, health "
            "officials said.",
            "28 Lestovians",
        ),
        (  # another month for the same departure
            "President Varga tweeted on Thursday that defense minister Pavel Orin would be "
            "retiring at the end of February.",
            "President Varga announced Sunday that defense minister Pavel Orin will be leaving "
            "the government on January 1, weeks earlier than planned.",
            "February",
        ),
        (  # another committee
            "The House Intelligence Committee will issue subpoenas to Pavel Orin, the former "
            "national security adviser, the committee's senior Democrat said on Wednesday.",
            "The leaders of the Senate intelligence committee said Tuesday they had subpoenaed "
            "two of former national security adviser Pavel Orin's businesses.",
            "House Intelligence",
        ),
    ],
)
def test_an_outlet_saying_something_else_about_the_point_is_not_credited_with_it(
    summarizer, point: str, other: str, marker: str
) -> None:
    points = summarizer.summarize(_story(point, other), max_points=4).key_points
    assert point_with(points, marker) or point_with(points, other[:20])
    assert all(len(p.outlets) == 1 for p in points)


@pytest.mark.model
def test_a_daily_rate_beside_a_total_is_two_facts_not_rival_versions(summarizer) -> None:
    points = summarizer.summarize(
        _story(
            "Varnia is averaging more than 1,500 deaths a day from the virus.",
            "Varnia has recorded 40,000,070 cases and 651,690 deaths from the virus.",
        ),
        max_points=4,
    ).key_points
    assert all(p.rivals == () for p in points)


@pytest.mark.model
def test_a_rounded_figure_is_the_same_fact_credited_to_both_outlets(summarizer) -> None:
    points = summarizer.summarize(
        _story(
            "Congress will vote on the $1.2 trillion infrastructure bill on Monday.",
            "Congress will vote on the $1 trillion infrastructure bill on Monday.",
        ),
        max_points=4,
    ).key_points
    (bill,) = [p for p in points if "infrastructure" in p.text]
    assert bill.rivals == ()
    assert set(bill.outlets) == {"Daily Beacon", "Evening Courier"}


@pytest.mark.model
def test_a_genuinely_different_death_toll_is_still_shown_as_rival_versions(summarizer) -> None:
    points = summarizer.summarize(
        _story(
            "Twelve people were killed in the shelling of Kalvik on Sunday, the mayor said.",
            "Fifteen people were killed in the shelling of Kalvik on Sunday, the mayor said.",
        ),
        max_points=4,
    ).key_points
    (twelve,) = point_with(points, "Twelve")
    (fifteen,) = point_with(points, "Fifteen")
    assert twelve.rivals == (fifteen.text,)
    assert twelve.outlets == ("Daily Beacon",)
    assert fifteen.outlets == ("Evening Courier",)


@pytest.mark.model
def test_an_update_giving_another_count_of_the_hostages_shows_both_with_their_outlets(
    summarizer,
) -> None:
    """A trial of the real bot: the first report's "33 hostages in exchange for Palestinian
    prisoners" and a later "would free 30 hostages in its first phase" were not compared (a
    name by one figure, absent from the other sentence, read as another owner): the update
    passed the 30 over as a repeat there, and here shows it unmarked, with no sign that the
    outlets disagree."""
    first = StoryArticle(
        "The Front said on Monday it had accepted a truce proposal from the mediators. Under "
        "the first phase, the Front would release 33 Orinese hostages in exchange for Varnian "
        "prisoners. Crowds celebrated in the streets of Kalvik after the announcement.",
        outlet="Daily Beacon",
    )
    later = StoryArticle(
        "A Front official said the truce deal the group accepted would free 30 Orinese "
        "hostages in its first phase, either alive or dead. The White House said it was "
        "reviewing the response with its partners in the region.",
        outlet="Evening Courier",
    )
    pushed = summarizer.summarize([first], max_points=3).key_points

    update = summarizer.summarize(
        [first, later], max_points=len(pushed) + 2, previous=pushed, known=1
    ).key_points

    (thirty_three,) = point_with(update, "33 Orinese")
    (thirty,) = point_with(update, "30 Orinese")
    assert thirty_three.rivals == (thirty.text,)
    assert (thirty_three.outlets, thirty.outlets) == (("Daily Beacon",), ("Evening Courier",))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a rate beside a total, an increase beside a total, a part beside the whole
        ("averaging 1,500 deaths a day", "651,690 deaths in all"),
        ("21,570 murders were recorded", "4,901 more murders were recorded"),
        ("an additional 4,901 murders were recorded", "21,570 murders were recorded"),
        ("125 people died across Varnia", "104 people died in Kalvik"),
        # an age beside a duration; a new record beside the old one
        ("a 13-year-old boy was found in Kalvik", "a boy missing for 4 years was found in Kalvik"),
        ("the shot from 3,540 metres broke the record", "the old record was 2,475 metres"),
        # rounding, number words, bounds
        ("9.2 million people fled the war", "9.21 million people fled the war"),
        ("the $1.2 trillion bill passed", "the $1 trillion bill passed"),
        ("103 male patients took part", "One hundred and three male patients took part"),
        ("at least 150 people were killed", "more than 180 people were killed"),
        ("about 10,000 migrants waited", "10,503 migrants waited"),
        # two airlines' times
        (
            "Lestovian Airways flights to Kalvik take 3 hours",
            "Varnian Air flights to Kalvik take 5 hours",
        ),
    ],
)
def test_figures_that_can_both_be_true_are_no_rival_versions(first: str, second: str) -> None:
    assert not figures_conflict(first, second)


@pytest.mark.parametrize(
    ("point", "sentence", "supported"),
    [
        ("At least 28 Lestovians were killed in Kalvik.", "26 people died in Kalvik.", False),
        (
            "33 Lestovian hostages were freed in Kalvik.",
            "30 hostages were freed in Kalvik.",
            False,
        ),
        (  # "9/11" names a day: no count of 11 hijackers against the point's two
            "The FBI report tied two Varnian hijackers to Kalvik nationals.",
            "The declassified report tied 9/11 hijackers to Kalvik nationals.",
            True,
        ),
        ("28 Lestovians were killed in Kalvik.", "About 30 people were killed in Kalvik.", True),
        ("Varnia averages 1,500 deaths a day.", "Varnia has recorded 651,690 deaths.", False),
        ("Orin retires at the end of February.", "Orin retires on January 1.", False),
        ("The House committee subpoenaed Orin.", "The Senate committee subpoenaed Orin.", False),
        ("The White House said Orin was subpoenaed.", "The Senate subpoenaed Orin.", True),
        (  # a sentence about the topic that says little of the point
            "Negotiators agreed on a prisoner exchange and two aid crossings near Kalvik.",
            "Fighting went on near Kalvik.",
            False,
        ),
    ],
)
def test_a_sentence_supports_a_point_only_with_its_words_and_its_figures_and_days(
    point: str, sentence: str, supported: bool
) -> None:
    assert supports(point, sentence) is supported


def test_a_point_counting_its_own_children_is_matched_child_for_child() -> None:
    point = "At least 28 Lestovians, including nine children, were killed."
    assert figures_differ(point, "Of the 26 people killed, at least nine were children.")
    assert not figures_differ(point, "28 people were killed, nine of them children.")


@pytest.mark.parametrize(
    ("point", "sentence", "supported"),
    [
        # Ukrainian and Russian people-nouns count people, as "Lestovians" and "people" do.
        (
            "В результате удара по Калвику в среду погибли пятеро жителей.",
            "В результате удара по Калвику в среду погибли семь человек.",
            False,
        ),
        (
            "Внаслідок удару по Калвіку в середу загинули п'ятеро мирних жителів.",
            "Внаслідок удару по Калвіку в середу загинули семеро людей.",
            False,
        ),
        (
            "Внаслідок удару по Калвіку поранено 19 мешканців.",
            "Внаслідок удару по Калвіку поранено 23 людей.",
            False,
        ),
        (
            "В результате удара по Калвику в среду погибли пятеро жителей.",
            "В результате удара по Калвику в среду погибли пять человек.",
            True,
        ),
    ],
)
def test_a_cyrillic_sentence_with_another_count_of_people_does_not_support_the_point(
    point: str, sentence: str, supported: bool
) -> None:
    assert supports(point, sentence, by_words=False) is supported
