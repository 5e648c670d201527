"""Prisoner exchanges between the sides of a followed war reach subscribers in English too.

The word cues keep "обмен пленными"; the English model, trained on detainee swaps between
countries not at war, dropped "Ukraine and Russia swap 390 prisoners". Texts are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.ingest.exchanges import prisoner_exchange
from bot.ingest.relevance import Relevance, embed_topic, score_article
from bot.ingest.topic import load_topic
from bot.storage.models import Story
from bot.storage.stories import latest_stories
from config import CONFIG_DIR
from tests.ingest.site import count, serve_feed, serve_story

TOPIC = load_topic(CONFIG_DIR / "topic.toml")

ISTANBUL_SWAP = (
    "Ukraine and Russia swap 390 prisoners each after Istanbul talks",
    "Ukraine and Russia exchanged 390 prisoners each on Saturday, the first stage of a swap "
    "agreed at talks in Istanbul. President Zelenskyy said more exchanges would follow in the "
    "coming days. No date has been set for a new round of talks.",
)
POW_SWAP = (
    "Ukraine brings home 84 soldiers in latest prisoner exchange with Russia",
    "Ukraine and Russia exchanged 84 prisoners of war on Wednesday in a swap mediated by the "
    "United Arab Emirates. Among those released were defenders of Mariupol, Kyiv said.",
)
SUDAN_SWAP = (
    "Sudan's army and RSF trade prisoners in rare deal",
    "Sudan's army and the Rapid Support Forces exchanged 120 prisoners of war on Monday, "
    "the Red Cross said.",
)
# How Kyiv announces a swap: a return from captivity, no "prisoners" and no war or peace word,
# so the keyword gate never let the model see it.
HOME_FROM_CAPTIVITY = (
    "246 Ukrainian defenders return home from Russian captivity",
    "Two hundred and forty-six Ukrainian defenders returned home from Russian captivity on "
    "Monday as part of an exchange with Russia, President Zelenskyy said. Among them were "
    "defenders of Mariupol.",
)
BACK_FROM_CAPTIVITY = (
    "Ukrainian soldier back from Russian captivity tells of beatings",
    "A Ukrainian soldier who returned from Russian captivity in May said guards beat "
    "prisoners every day. He spent two years in a camp near Taganrog.",
)
# The fallen are exchanged too, as a repatriation of bodies, with no "prisoners" or "swap".
BODIES_HANDED_OVER = (
    "Russia hands over bodies of 909 Ukrainian soldiers",
    "Russia handed over the bodies of 909 Ukrainian soldiers on Friday in a repatriation with "
    "Ukraine, which returned 34 bodies of Russian servicemen, officials said.",
)
SEARCH_FOR_BODIES = (
    "Volunteers search for bodies in Bakhmut ruins",
    "Volunteers in Ukraine search for the bodies of soldiers in the ruins near Bakhmut, hoping "
    "to bring them home to their families.",
)
MORGUE = (
    "Kharkiv morgue received 40 bodies after Russian strike",
    "The city morgue received 40 bodies after a Russian missile strike on Kharkiv, Ukraine's "
    "emergency service said.",
)
# How Moscow's Defence Ministry tells a swap in English: no "exchange" or "captivity".
RETURNED_FROM_KYIV_HELD = (
    "Russian Defence Ministry: 95 servicemen back home",
    "95 Russian servicemen were returned from the territory controlled by the Kyiv regime, "
    "Russia's Defence Ministry said. In return, 95 prisoners of war of the Ukrainian Armed "
    "Forces were handed over. The United Arab Emirates mediated.",
)
HANDED_OVER = (
    "Kyiv and Moscow hand over prisoners",
    "Ukraine handed over 84 Russian prisoners of war to Russia on Friday, Kyiv said.",
)
TROOPS_ROTATED = (
    "Ukraine rotates brigades near Pokrovsk",
    "Ukraine's army said 200 soldiers were returned from the front line to rest after Russia's "
    "offensive near Pokrovsk stalled.",
)
DETAINEE_SWAP = (
    "American teacher freed by Russia in prisoner swap, White House says",
    "An American teacher jailed in Russia was released on Thursday in a prisoner swap, the "
    "White House said. The exchange was negotiated over months by US and Russian officials.",
)
SPY_SWAP = (
    "Israel, Egypt in prisoner swap",
    "Israel freed 25 Egyptian students in exchange for an Israeli-Arab man convicted of "
    "spying in Cairo.",
)
PASSING_MENTION = (
    "How bad is Ukraine's humanitarian crisis a year later?",
    "Millions of Ukrainians have fled their homes and the winter has cut power to cities. "
    "Aid groups say food prices have doubled since the spring. Schools in the east teach "
    "online. Hospitals lack medicines. Some families are still waiting for news of relatives "
    "taken prisoner, and Ukraine and Russia have exchanged prisoners of war several times.",
)


@pytest.mark.parametrize(
    ("report", "conflict"),
    [
        (ISTANBUL_SWAP, "ru-ua"),
        (POW_SWAP, "ru-ua"),
        (SUDAN_SWAP, "sudan"),
        (HOME_FROM_CAPTIVITY, "ru-ua"),
        (BODIES_HANDED_OVER, "ru-ua"),
        (RETURNED_FROM_KYIV_HELD, "ru-ua"),
        (HANDED_OVER, "ru-ua"),
    ],
    ids=[
        "istanbul swap",
        "prisoners of war",
        "sudan",
        "home from captivity in an exchange",
        "bodies handed over",
        "returned from territory Kyiv holds",
        "prisoners of war handed over",
    ],
)
def test_an_exchange_between_the_sides_of_a_followed_war_is_found(
    report: tuple[str, str], conflict: str
) -> None:
    assert prisoner_exchange(TOPIC, *report) == conflict


POW_ABUSE = (
    "UN says Russia tortures Ukrainian prisoners of war",
    "Ukrainian prisoners of war held by Russia are tortured and starved, UN monitors said on "
    "Tuesday, citing interviews with soldiers released in earlier swaps.",
)


@pytest.mark.parametrize(
    "report",
    [
        DETAINEE_SWAP,
        SPY_SWAP,
        PASSING_MENTION,
        POW_ABUSE,
        BACK_FROM_CAPTIVITY,
        SEARCH_FOR_BODIES,
        MORGUE,
        TROOPS_ROTATED,
    ],
    ids=[
        "detainee swap, not at war",
        "spy swap, one side named",
        "passing mention",
        "captivity, no exchange",
        "back from captivity, no exchange",
        "a search for the fallen, no exchange",
        "a strike's dead at the morgue",
        "soldiers back from the front, no exchange",
    ],
)
def test_a_swap_between_countries_not_at_war_or_a_passing_mention_is_not(
    report: tuple[str, str],
) -> None:
    assert prisoner_exchange(TOPIC, *report) is None


@pytest.fixture
def judge(real_embedder: Any) -> Callable[[tuple[str, str]], Relevance]:
    """Relevance as the bot judges a report: the real encoder and the model's own bar."""
    vectors = embed_topic(real_embedder, TOPIC)
    return lambda report: score_article(real_embedder, TOPIC, vectors, *report)


@pytest.mark.model
def test_the_model_scores_an_english_prisoner_exchange_low_but_it_is_kept(
    judge: Callable[[tuple[str, str]], Relevance],
) -> None:
    verdict = judge(ISTANBUL_SWAP)
    assert verdict.score is not None
    assert verdict.score < verdict.threshold  # what dropped it before
    assert verdict.keep()
    assert verdict.conflicts == ("ru-ua",)
    assert not judge(DETAINEE_SWAP).keep()


@pytest.mark.model
def test_an_exchange_told_as_a_return_from_captivity_passes_the_gate_and_is_kept(
    judge: Callable[[tuple[str, str]], Relevance],
) -> None:
    verdict = judge(HOME_FROM_CAPTIVITY)
    assert verdict.score is not None  # before, the keyword gate stopped it unscored
    assert verdict.keep()
    assert verdict.conflicts == ("ru-ua",)
    assert not judge(BACK_FROM_CAPTIVITY).keep()


async def test_an_english_feeds_prisoner_exchange_becomes_a_story(
    site, make_ingestor, database
) -> None:
    swap = serve_story(site, "/en/swap", POW_SWAP[0], [POW_SWAP[1]])
    feed = serve_feed(site, "/en.xml", "An English outlet", [swap])

    # However strict the bar a deployment sets for the model's score.
    ingestor = make_ingestor([feed], relevance_threshold=0.999)
    report = await ingestor.poll_once()
    await ingestor.summarize_dirty()

    assert [(f.new, f.on_topic, f.stories) for f in report.feeds] == [(1, 1, 1)]
    [story] = latest_stories(database, 5)
    assert story.title == POW_SWAP[0]
    assert story.conflicts == ("ru-ua",)
    assert count(database, Story) == 1
