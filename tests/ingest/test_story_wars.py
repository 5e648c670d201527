"""Reports about different wars never fold into one story, however alike they read: a reader
of Sudan's war must not get the Ukraine talks, nor the other way round."""

from __future__ import annotations

import pytest

from bot.ingest.cluster import other_wars
from bot.ingest.conflicts import Weights, named_wars
from bot.storage.stories import latest_stories
from tests.ingest.site import serve_feed, serve_story

UKRAINE_JEDDAH = [
    "Ukraine said on Tuesday it was ready to accept a US proposal for an immediate 30-day "
    "cease-fire with Russia after talks with American mediators in Jeddah, Saudi Arabia.",
    "Washington said it would resume security assistance to Kyiv, and the offer now goes to "
    "Moscow.",
]
SUDAN_JEDDAH = [
    "Sudan's army and the Rapid Support Forces resumed talks with American and Saudi mediators "
    "in Jeddah on Tuesday on a 30-day humanitarian cease-fire.",
    "The RSF said it was committed to the negotiations, and the army delegation said aid to "
    "Darfur and Khartoum came first.",
]


async def test_talks_on_another_war_at_the_same_venue_start_a_story_of_their_own(
    site, make_ingestor, database
) -> None:
    ukraine = serve_story(
        site, "/a/jeddah", "Ukraine backs US truce plan in Jeddah", UKRAINE_JEDDAH
    )
    sudan = serve_story(site, "/a/sudan", "Sudan talks resume in Jeddah", SUDAN_JEDDAH)
    feed = serve_feed(site, "/a.xml", "Outlet A", [ukraine, sudan])

    # A bar so low that any two reports would otherwise be one development.
    ingestor = make_ingestor([feed], story_similarity=0.01)
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    tags = {s.title: s.conflicts for s in latest_stories(database, 5)}
    assert tags == {
        "Ukraine backs US truce plan in Jeddah": ("ru-ua",),
        "Sudan talks resume in Jeddah": ("sudan",),
    }


@pytest.mark.parametrize(
    ("article", "story", "apart"),
    [
        ({"sudan": (4, 0)}, {"ru-ua": (6, 1)}, True),
        ({"ru-ua": (2, 0), "il-gaza": (3, 0)}, {"il-gaza": (5, 0)}, False),
        ({"il-gaza": (30, 0)}, {"ru-ua": (0, 2)}, False),  # "Russia" twice names no war
        ({}, {"ru-ua": (6, 0)}, False),
        ({"ru-ua": (1, 0)}, {}, False),
    ],
)
def test_only_reports_and_stories_naming_no_war_in_common_are_kept_apart(
    article: Weights, story: Weights, apart: bool
) -> None:
    assert other_wars(named_wars(article), named_wars(story)) is apart
