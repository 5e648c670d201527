"""An agreed pause on strikes is a cease-fire in all but name, and reaches subscribers.

"Russia and Ukraine agree to pause strikes on energy facilities" named no cease-fire word, so
the English gate never even scored it; a repelled assault or a labour strike must still not
read as a truce. Texts are invented.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.ingest.lexicons import CYRILLIC, ENGLISH
from bot.ingest.relevance import embed_topic, score_article
from bot.ingest.topic import load_topic
from config import CONFIG_DIR
from tests.fakes import HashingEmbedder

TOPIC = load_topic(CONFIG_DIR / "topic.toml")

ENERGY_PAUSE = (
    "Russia and Ukraine agree to pause strikes on energy facilities",
    "Russia and Ukraine agreed to halt attacks on each other's energy infrastructure for 30 "
    "days, the White House said after separate calls with both leaders. Technical teams will "
    "meet in Riyadh next week to agree how the pause is monitored.",
)
RU_ENERGY_PAUSE = (
    "Москва и Киев согласились на мораторий на удары по энергетике",
    "Россия и Украина договорились о 30-дневном моратории на удары по объектам энергетики, "
    "сообщили в Белом доме после разговоров с обоими президентами. Технические группы "
    "встретятся в Эр-Рияде, чтобы обсудить контроль.",
)


@pytest.mark.parametrize(
    ("text", "halts"),
    [
        ("The sides agreed to pause strikes on energy facilities.", True),
        ("Both armies will halt attacks for 30 days.", True),
        ("They announced a moratorium on long-range strikes.", True),
        ("Ukrainian forces stopped 40 attacks near the town.", False),
        ("Train drivers' unions suspended their strikes.", False),
    ],
)
def test_an_agreed_halt_to_strikes_is_a_ceasefire_word_a_repelled_attack_is_not(
    text: str, halts: bool
) -> None:
    assert bool(ENGLISH.ceasefire.search(text)) is halts


@pytest.mark.parametrize(
    ("text", "halts"),
    [
        ("Сторони погодилися призупинити атаки на енергетичні об'єкти.", True),
        ("Президент приказал прекратить удары по энергетике.", True),
        ("Військові зупинили атаку біля села.", False),
        ("ПВО остановила удар по городу.", False),
    ],
)
def test_the_same_in_ukrainian_and_russian(text: str, halts: bool) -> None:
    assert bool(CYRILLIC.ceasefire.search(text)) is halts


def test_a_russian_report_of_a_moratorium_on_strikes_is_kept() -> None:
    embedder = HashingEmbedder(384)  # the word cues decide Cyrillic text, not the encoder
    verdict = score_article(embedder, TOPIC, embed_topic(embedder, TOPIC), *RU_ENERGY_PAUSE)
    assert verdict.keep(), verdict.score
    assert verdict.conflicts == ("ru-ua",)


@pytest.mark.model
def test_an_english_report_of_a_pause_on_strikes_is_kept(real_embedder: Any) -> None:
    vectors = embed_topic(real_embedder, TOPIC)
    verdict = score_article(real_embedder, TOPIC, vectors, *ENERGY_PAUSE)
    assert verdict.keep(), verdict.score
    assert verdict.exchange is None  # the model's own verdict, not the exchange rule
    assert verdict.conflicts == ("ru-ua",)
