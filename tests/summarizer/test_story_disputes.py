"""Outlets that disagree about a story's fact: two figures for it, or one outlet denying what
another reports. Each version is a point credited to its own outlet, the two name each other,
and neither is ever shown alone; a paraphrase is no disagreement.

All outlets, places and people are invented.
"""

from __future__ import annotations

import pytest

from summarizer import StoryArticle
from tests.summarizer.conftest import point_with

THIRTY_DAYS = StoryArticle(
    outlet="Daily Beacon",
    text="Varnia and Lestovia agreed on Sunday to a 30-day cease-fire starting at midnight.\n"
    "The truce covers the northern front and the port of Kalvik.",
)
TWENTY_DAYS = StoryArticle(
    outlet="Evening Courier",
    text="Varnia and Lestovia agreed on Sunday to a 20-day cease-fire starting at midnight.\n"
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
)
"""Two outlets giving different figures for the same truce."""


@pytest.mark.model
def test_outlets_giving_different_figures_are_both_shown_with_their_outlets(summarizer) -> None:
    points = summarizer.summarize([THIRTY_DAYS, TWENTY_DAYS], max_points=4).key_points
    (long_truce,) = point_with(points, "30-day")
    (short_truce,) = point_with(points, "20-day")
    assert long_truce.outlets == ("Daily Beacon",)
    assert short_truce.outlets == ("Evening Courier",)


@pytest.mark.model
def test_rival_figures_are_shown_together_or_not_at_all(summarizer) -> None:
    thirty = StoryArticle(
        outlet="Daily Beacon", text="Varnia and Lestovia agreed to a 30-day cease-fire on Sunday."
    )
    twenty = StoryArticle(
        outlet="Evening Courier",
        text="Varnia and Lestovia agreed to a 20-day cease-fire on Sunday.",
    )
    points = summarizer.summarize([thirty, twenty], max_points=1).key_points
    assert not [p for p in points if "-day" in p.text]
    points = summarizer.summarize([thirty, twenty], max_points=2).key_points
    assert sorted(p.outlets for p in points) == [("Daily Beacon",), ("Evening Courier",)]


@pytest.mark.model
def test_a_new_outlet_disputing_a_shown_figure_adds_its_version(summarizer) -> None:
    shown = summarizer.summarize([THIRTY_DAYS], max_points=2).key_points
    twenty = StoryArticle(
        outlet="Evening Courier",
        text="Varnia and Lestovia agreed on Sunday to a 20-day cease-fire starting at midnight.",
    )
    points = summarizer.summarize([THIRTY_DAYS, twenty], max_points=4, previous=shown).key_points
    assert [p.text for p in points[: len(shown)]] == [p.text for p in shown]
    (short_truce,) = point_with(points, "20-day")
    assert short_truce.outlets == ("Evening Courier",)
    assert point_with(points, "30-day")[0].outlets == ("Daily Beacon",)


@pytest.mark.model
def test_the_two_versions_of_a_disputed_figure_name_each_other_in_every_revision(
    summarizer,
) -> None:
    # The bot cuts points to each reader's number; these marks keep it from showing one version.
    pair = [THIRTY_DAYS, TWENTY_DAYS]
    first = summarizer.summarize(pair, max_points=4).key_points
    later = summarizer.summarize(pair, max_points=4, previous=first).key_points
    for points in (first, later):
        (long_truce,) = point_with(points, "30-day")
        (short_truce,) = point_with(points, "20-day")
        assert long_truce.rivals == (short_truce.text,)
        assert short_truce.rivals == (long_truce.text,)
        undisputed = [p for p in points if p not in (long_truce, short_truce)]
        assert undisputed
        assert all(p.rivals == () for p in undisputed)


AGREED = StoryArticle(
    outlet="Daily Beacon",
    text="Varnia agreed on Sunday to a 30-day cease-fire proposed by the United Nations "
    "mediator.\nThe truce covers the northern front and the port of Kalvik.",
)
DENIED = StoryArticle(
    outlet="Evening Courier",
    text="Varnia did not agree on Sunday to a 30-day cease-fire proposed by the United Nations "
    "mediator.\nFarmers near Kalvik said they had not been able to plant wheat for two seasons.",
)
"""Two outlets, one saying the opposite of the other (close by embedding all the same)."""
REFUSED = StoryArticle(
    outlet="Evening Courier",
    text="Varnia refused on Sunday a 30-day cease-fire proposed by the United Nations mediator.",
)


@pytest.mark.parametrize("opposite", [DENIED, REFUSED])
@pytest.mark.model
def test_an_outlet_saying_the_opposite_is_not_credited_and_its_version_is_shown_beside(
    summarizer, opposite: StoryArticle
) -> None:
    points = summarizer.summarize([AGREED, opposite], max_points=4).key_points
    (agreed,) = point_with(points, "Varnia agreed on Sunday")
    (denied,) = point_with(points, opposite.text[:20])
    assert agreed.outlets == ("Daily Beacon",)
    assert denied.outlets == ("Evening Courier",)
    assert agreed.rivals == (denied.text,)
    assert denied.rivals == (agreed.text,)
    # With room for one point only, neither version is shown alone.
    (only,) = summarizer.summarize([AGREED, opposite], max_points=1).key_points
    assert "30-day" not in only.text


@pytest.mark.model
def test_outlets_saying_the_talks_ended_with_and_without_a_deal_are_both_shown(
    summarizer,
) -> None:
    with_deal = StoryArticle(
        outlet="Daily Beacon",
        text="The talks between Varnia and Lestovia in Geneva ended with a deal on Friday.\n"
        "The truce covers the northern front and the port of Kalvik.",
    )
    without = StoryArticle(
        outlet="Evening Courier",
        text="The talks between Varnia and Lestovia in Geneva ended without a deal on Friday.\n"
        "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
    )
    points = summarizer.summarize([with_deal, without], max_points=4).key_points
    (deal,) = point_with(points, "ended with a deal")
    (no_deal,) = point_with(points, "ended without a deal")
    assert deal.outlets == ("Daily Beacon",)
    assert no_deal.outlets == ("Evening Courier",)
    assert deal.rivals == (no_deal.text,)


@pytest.mark.model
def test_an_update_denying_a_shown_point_is_news(summarizer) -> None:
    first = summarizer.summarize([AGREED], max_points=2).key_points
    update = summarizer.summarize([AGREED, DENIED], 4, previous=first, known=1).key_points
    (denied,) = point_with(update, "Varnia did not agree on Sunday")
    assert denied.outlets == ("Evening Courier",)
    (agreed,) = point_with(update, "Varnia agreed on Sunday")
    assert agreed.outlets == ("Daily Beacon",)
    assert agreed.rivals == (denied.text,)


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday Varnia agreed to the 30-day cease-fire the United Nations mediator proposed.",
        # A "did not" in a clause of its own does not deny the shared statement.
        "Varnia agreed on Sunday to a 30-day cease-fire proposed by the United Nations mediator, "
        "though Lestovia did not say when it would start.",
    ],
)
@pytest.mark.model
def test_a_paraphrase_without_a_denial_is_credited_to_both_outlets(summarizer, text) -> None:
    paraphrase = StoryArticle(outlet="Evening Courier", text=text)
    points = summarizer.summarize([AGREED, paraphrase], max_points=3).key_points
    truce = [p for p in points if "30-day" in p.text]
    assert len(truce) == 1
    assert set(truce[0].outlets) == {"Daily Beacon", "Evening Courier"}
    assert truce[0].rivals == ()


REFUSED_TO_AGREE = StoryArticle(
    outlet="Evening Courier",
    text="Varnia refused to agree on Sunday to a 30-day cease-fire proposed by the United Nations "
    "mediator.\nFarmers near Kalvik said they had not been able to plant wheat for two seasons.",
)
"""'Agree' is in it, but governed by the refusal: it says the opposite of AGREED."""


@pytest.mark.model
def test_an_outlet_reporting_a_refusal_to_agree_is_not_credited_with_the_agreement(
    summarizer,
) -> None:
    points = summarizer.summarize([AGREED, REFUSED_TO_AGREE], max_points=4).key_points
    (agreed,) = point_with(points, "Varnia agreed on Sunday")
    (refused,) = point_with(points, "Varnia refused to agree")
    assert agreed.outlets == ("Daily Beacon",)
    assert refused.outlets == ("Evening Courier",)
    assert agreed.rivals == (refused.text,)


@pytest.mark.model
def test_a_later_report_of_a_refusal_to_agree_is_news_in_the_update(summarizer) -> None:
    first = summarizer.summarize([AGREED], max_points=2).key_points
    update = summarizer.summarize([AGREED, REFUSED_TO_AGREE], 4, previous=first, known=1)
    (refused,) = point_with(update.key_points, "Varnia refused to agree")
    assert refused.text not in {p.text for p in first}
    assert refused.outlets == ("Evening Courier",)


@pytest.mark.model
def test_two_outlets_reporting_the_refusal_in_other_words_are_both_credited(summarizer) -> None:
    declined = StoryArticle(
        outlet="Daily Beacon",
        text="Varnia declined on Sunday to accept a 30-day cease-fire proposed by the United "
        "Nations mediator.",
    )
    points = summarizer.summarize([declined, REFUSED_TO_AGREE], max_points=3).key_points
    truce = [p for p in points if "30-day" in p.text]
    assert len(truce) == 1
    assert set(truce[0].outlets) == {"Daily Beacon", "Evening Courier"}


@pytest.mark.model
def test_an_update_disputing_a_shown_figure_still_brings_its_new_facts(summarizer) -> None:
    # The bot gives a revision room for two new points; the other version of a shown figure
    # comes beside it in room of its own, so the report's own news is not crowded out.
    shown = summarizer.summarize([THIRTY_DAYS], max_points=2).key_points
    rewrite = StoryArticle(
        outlet="Evening Courier",
        text="Varnia and Lestovia agreed on Sunday to a 20-day cease-fire starting at midnight.\n"
        "Lestovia will hand over the bodies of 900 soldiers to Varnia next week.\n"
        "Varnian envoy Mira Tosk proposed a summit of the two presidents in Kalvik in June.",
    )
    points = summarizer.summarize(
        [THIRTY_DAYS, rewrite], max_points=len(shown) + 2, previous=shown, known=1
    ).key_points
    assert [p.text for p in points[: len(shown)]] == [p.text for p in shown]
    assert point_with(points, "20-day")[0].rivals == (point_with(points, "30-day")[0].text,)
    assert point_with(points, "900 soldiers")
    assert point_with(points, "summit")


@pytest.mark.model
def test_each_sides_share_and_the_exchanges_total_are_no_disagreement(summarizer) -> None:
    """A trial: "84 prisoners of war each" and another outlet's "a total of 168 prisoners"
    were shown as outlets disagreeing on the swap."""
    each = StoryArticle(
        outlet="Daily Beacon",
        text="Varnia and Lestovia exchanged 84 prisoners of war each on Friday in a swap "
        "mediated by Orinia, the Varnian defence ministry said.\n"
        "The freed soldiers were flown to Kalvik for medical treatment.",
    )
    total = StoryArticle(
        outlet="Evening Courier",
        text="A total of 168 prisoners were freed on Friday in the latest exchange between "
        "Varnia and Lestovia, according to Orinia's foreign ministry.\n"
        "Lestovia said it would push for an all-for-all exchange at the next talks.",
    )
    sent = summarizer.summarize([each], 3).key_points
    later = summarizer.summarize([each, total], len(sent) + 2, sent, known=1).key_points
    assert point_with(later, "84 prisoners of war each")
    assert all(p.rivals == () for p in later)
