"""An act still going on and the same act ended are two facts: an outlet saying the search is
over is not credited with "rescuers are still searching", and a later report that it ended is
news. Seen in a trial; all outlets and places are invented."""

from __future__ import annotations

import pytest

from summarizer import StoryArticle
from summarizer.phases import other_phases
from tests.summarizer.conftest import point_with


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        (
            "Rescuers are still searching the rubble for survivors.",
            "Rescuers finished clearing the rubble by the evening.",
            True,
        ),
        ("The exchange was completed on Friday.", "The exchange is still under way.", True),
        ("Переговоры продолжаются в Стамбуле.", "Переговоры завершились в Стамбуле.", True),
        ("Рятувальники досі розбирають завали.", "Рятувальники завершили розбирати завали.", True),
        # One says both, or neither says an act ended: judged as before.
        (
            "The talks ended, but differences still remain.",
            "The talks ended without a deal.",
            False,
        ),
        ("Переговори тривали п'ять годин.", "Переговори завершилися.", False),
        ("Talks to end the war continue.", "Talks continue in Geneva.", False),
        # Phase words of another act, or in another sense: one fact in both.
        (
            "Shelling hit 40 villages over the weekend, according to figures still being updated.",
            "A violent weekend ended with shelling in 40 villages across the region.",
            False,
        ),
        (
            "The court concluded that the blockade of the port was unlawful.",
            "The court ruled the port's continued blockade unlawful.",
            False,
        ),
    ],
)
def test_an_act_going_on_and_the_act_ended_are_other_phases(a: str, b: str, apart: bool) -> None:
    assert other_phases(a, b) is apart
    assert other_phases(b, a) is apart


SEARCH = (
    "Rescuers are still searching the rubble of the apartment block in Kalvik for survivors, "
    "the mayor said."
)
CLEARED = (
    "Rescuers finished clearing the rubble of the apartment block in Kalvik by the evening, "
    "the mayor said."
)
FIRST = StoryArticle(
    f"A missile struck an apartment block in Kalvik on Sunday, killing at least nine people.\n"
    f"{SEARCH}\nThe city declared a day of mourning.",
    outlet="Daily Beacon",
)
LATER = StoryArticle(
    f"Nine people were killed when a missile hit an apartment block in Kalvik on Sunday.\n"
    f"{CLEARED}\nVarnia denied targeting civilians.",
    outlet="Evening Courier",
)


@pytest.mark.model
def test_an_outlet_saying_the_search_ended_is_not_credited_with_it_going_on(summarizer) -> None:
    points = summarizer.summarize([FIRST, LATER], 6).key_points
    (search,) = point_with(points, "still searching")
    assert search.outlets == ("Daily Beacon",)


@pytest.mark.model
def test_a_later_report_that_the_search_ended_is_news_for_an_update(summarizer) -> None:
    sent = summarizer.summarize([FIRST], 3).key_points
    assert point_with(sent, "still searching")
    later = summarizer.summarize([FIRST, LATER], len(sent) + 2, sent, known=1).key_points
    assert CLEARED in [p.text for p in later[len(sent) :]]
