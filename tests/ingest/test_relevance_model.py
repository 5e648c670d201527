"""The real embedding model tells cease-fire talks from look-alike "truces" (invented texts)."""

from __future__ import annotations

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


def test_ceasefire_talks_are_kept_and_trade_or_sport_truces_dropped(real_embedder) -> None:
    topic = load_topic(CONFIG_DIR / "topic.toml")
    vectors = embed_topic(real_embedder, topic)

    def keep(title: str, text: str) -> bool:
        return score_article(real_embedder, topic, vectors, title, text).keep(DEFAULT_THRESHOLD)

    assert keep("Cease-fire talks open in Geneva", " ".join(CEASEFIRE))
    assert not keep("Tariff truce agreed", TRADE)
    assert not keep("Striker and club call a truce", SPORT)
