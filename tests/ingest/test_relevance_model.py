"""The real embedding model tells cease-fire talks from look-alike "truces" (invented texts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.ingest.relevance import DEFAULT_THRESHOLD, embed_topic, score_article
from bot.ingest.topic import load_topic
from config import CONFIG_DIR
from tests.ingest.feeds import CEASEFIRE

pytestmark = pytest.mark.model

TRADE = (
    "The two trading partners agreed a truce in their tariff dispute on Tuesday. Negotiators "
    "said import duties on steel and soybeans would be suspended for 90 days while talks on a "
    "wider trade deal continue, and markets rose on the news."
)
SPORT = (
    "The club and its star striker called a truce after weeks of talks over a new contract. "
    "The player will stay until the end of the season, the coach said after the league match."
)
MEDIATION = (
    "Envoys from three neighbouring countries met rebel commanders and government negotiators "
    "on Monday to push a 30-day truce. Both delegations agreed to a prisoner exchange and to "
    "meet again next week to discuss a lasting ceasefire and the withdrawal of troops."
)
SPORT_ARMISTICE = (
    "The club and its former coach declared an armistice in their transfer row on Friday, "
    "dropping claims over the striker's fee before the cup final. Talks on compensation will "
    "continue after the season."
)


def keeper(embedder: Any) -> Callable[[str, str], bool]:
    topic = load_topic(CONFIG_DIR / "topic.toml")
    vectors = embed_topic(embedder, topic)

    def keep(title: str, text: str) -> bool:
        return score_article(embedder, topic, vectors, title, text).keep(DEFAULT_THRESHOLD)

    return keep


def test_ceasefire_talks_are_kept_and_trade_or_sport_truces_dropped(real_embedder) -> None:
    keep = keeper(real_embedder)

    assert keep("Cease-fire talks open in Geneva", " ".join(CEASEFIRE))
    assert keep("Mediators press warring sides on a truce", MEDIATION)
    assert not keep("Tariff truce agreed", TRADE)
    assert not keep("Striker and club call a truce", SPORT)


@pytest.mark.xfail(
    strict=True,
    reason="known gap: 'armistice' pulls a sports row towards the topic; every sport prototype "
    "tried that drops it also lost on_topic items held out (bench/topic_bench.py)",
)
def test_sports_armistice_is_dropped(real_embedder) -> None:
    assert not keeper(real_embedder)("Armistice in the transfer row", SPORT_ARMISTICE)
