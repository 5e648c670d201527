"""The real encoder and the shipped model tell cease-fire talks from look-alikes (invented)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.ingest.relevance import Relevance, embed_topic, score_article
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
SPORT_ARMISTICE = (
    "The club and its former coach declared an armistice in their transfer row on Friday, "
    "dropping claims over the striker's fee before the cup final. Talks on compensation will "
    "continue after the season."
)
LABOUR = (
    "Union leaders and the rail operator resumed wage negotiations on Monday after a mediator "
    "proposed a truce in the dispute. Train drivers suspended their strike for two weeks while "
    "talks on pay and working hours continue."
)
WAR_WITHOUT_TALKS = (
    "Artillery shelled the eastern town overnight and drones struck a fuel depot, the army "
    "said. Troops pushed forward along the front line as the offensive entered its third week; "
    "no talks are planned and both sides vowed to keep fighting until the end of the war."
)
MEDIATION_SNIPPET = (
    "Envoys from three neighbouring countries met rebel commanders and government negotiators "
    "on Monday to push a 30-day truce and a prisoner exchange."
)
MEDIATION_ARTICLE = (
    f"{MEDIATION_SNIPPET} Both delegations agreed to meet again next week to discuss a lasting "
    "ceasefire and the withdrawal of troops from the border region. The mediators said a draft "
    "text on monitoring the truce was ready and would be sent to both capitals. Fighting had "
    "killed hundreds since the spring, and an earlier cease-fire collapsed within days. "
    "Diplomats said the sides still disagreed on who would police the buffer zone, but both "
    "had accepted that observers from the regional bloc would report violations. A second "
    "round of talks is planned in the capital of the mediating country, officials said."
)


def verdicts(embedder: Any) -> Callable[[str, str], Relevance]:
    topic = load_topic(CONFIG_DIR / "topic.toml")
    vectors = embed_topic(embedder, topic)

    def judge(title: str, text: str) -> Relevance:
        return score_article(embedder, topic, vectors, title, text)

    return judge


def test_ceasefire_talks_are_kept_as_a_snippet_and_as_an_article(real_embedder) -> None:
    judge = verdicts(real_embedder)

    for title, text in [
        ("Cease-fire talks open in Geneva", " ".join(CEASEFIRE)),
        ("Mediators press warring sides on a truce", MEDIATION_SNIPPET),
        ("Mediators press warring sides on a truce", MEDIATION_ARTICLE),
    ]:
        verdict = judge(title, text)
        assert verdict.keep(), (title, verdict.score)
        assert verdict.score is not None
        assert 0.0 <= verdict.score <= 1.0


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Tariff truce agreed", TRADE),
        ("Striker and club call a truce", SPORT),
        ("Armistice in the transfer row", SPORT_ARMISTICE),
        ("Rail strike paused for wage talks", LABOUR),
        ("Shelling intensifies in the east", WAR_WITHOUT_TALKS),
    ],
    ids=["trade truce", "sports truce", "sports armistice", "labour talks", "war without talks"],
)
def test_look_alike_truces_and_war_without_talks_are_dropped(
    real_embedder, title: str, text: str
) -> None:
    verdict = verdicts(real_embedder)(title, text)
    assert not verdict.keep(), verdict.score


def test_the_same_article_gets_the_same_score_and_its_conflict(real_embedder) -> None:
    judge = verdicts(real_embedder)
    title, text = "Kyiv and Moscow envoys discuss a truce", MEDIATION_SNIPPET
    first, again = judge(title, text), judge(title, text)
    assert first.score == again.score
    assert first.conflicts == ("ru-ua",)
