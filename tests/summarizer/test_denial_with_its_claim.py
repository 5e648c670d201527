"""A point that denies a claim it does not state ("Russia's defence ministry denied any
attack") comes with the sentence that states the claim, or waits: alone it tells a reader
nothing. Seen in a trial: an update showed the denial without Kyiv's accusation."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer import StoryArticle, StorySummarizer
from summarizer.antecedents import answers_unnamed
from summarizer.extractive import DEFAULT_WEIGHTS, Prepared, select
from summarizer.text import split_document


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ('Russia\'s defence ministry denied any attack and accused Kyiv of "provocations".', True),
        ("Varga denies the allegations.", True),
        ("The mayor of Kalvik flatly denied the allegations on Monday.", True),
        ("The Lestovian envoy rejected it even before the talks began.", True),
        ("Varnian officials at the talks disputed that characterization.", True),
        ("Moscow dismissed the reports as fake.", True),
        ("Минобороны России опровергло эту информацию.", True),
        ("У Міноборони Росії заперечили цю інформацію і назвали її провокацією.", True),
        ("Мединский назвал эту идею преждевременной.", True),
        ("Зеленський назвав цю ідею передчасною.", True),
        ("He called this move a provocation.", True),
        ("Kyiv rejected these proposals.", True),
        # What is denied is said: the sentence stands on its own.
        ("Russia denied attacking the port of Chornomorsk.", False),
        ("Orin denied that he ordered the strike on the port.", False),
        ("He denied the allegations of fraud.", False),
        ("Минобороны опровергло информацию о ударе по порту.", False),
        ("The minister denies any wrongdoing.", False),
        ("Kyiv rejected the plan.", False),
        ("The Senate rejected the bill on Tuesday.", False),
        ("The Senate rejected this year's budget.", False),
        ("Russia called the plan historic.", False),
    ],
)
def test_a_denial_or_judgement_answers_an_unnamed_claim_only_when_it_does_not_say_what(
    sentence: str, answers: bool
) -> None:
    assert answers_unnamed(sentence) is answers


ACCUSED = (
    "A truce on strikes against Black Sea ports came into force at midnight on Saturday.\n"
    "Ukraine accused Russia of launching two drones toward the port of Chornomorsk.\n"
    "Russia's defence ministry denied the accusations.\n"
    "Shipping insurers said premiums could fall by a third if the truce held."
)


def _pick(scores: list[float], count: int) -> list[str]:
    doc = split_document(ACCUSED)
    prepared = Prepared(doc, np.eye(len(doc.sentences), dtype=np.float32), None)
    picked = select(prepared, np.array(scores), count, DEFAULT_WEIGHTS)
    return [prepared.candidates[i].text.split()[0] for i in sorted(picked)]


def test_a_summarys_denial_brings_the_claim_it_answers_however_that_scored() -> None:
    assert _pick([0.9, 0.1, 1.0, 0.5], 2) == ["Ukraine", "Russia's"]
    assert _pick([0.9, 0.1, 1.0, 0.5], 3) == ["A", "Ukraine", "Russia's"]


def test_with_no_room_for_the_claim_the_next_best_point_is_taken_instead() -> None:
    assert _pick([0.9, 0.1, 1.0, 0.5], 1) == ["A"]


TURKEY = StoryArticle(
    "Ukraine and Russia have agreed to stop attacking each other's Black Sea ports for 60 "
    "days, Turkish Foreign Minister Hakan Fidan said on Wednesday after two days of talks "
    "in Ankara. The moratorium will start at midnight on Friday and will be monitored by "
    "a joint centre in Istanbul staffed by Turkish, Ukrainian and Russian officers, Fidan "
    "told reporters. Ukrainian Deputy Foreign Minister Serhiy Kyslytsya confirmed the "
    'agreement but said Kyiv would "judge Moscow by its actions, not its words". The '
    "Kremlin did not immediately comment. Russian drones struck the port of Izmail on "
    "Tuesday night, damaging two grain silos and injuring three workers, regional "
    "officials said. Grain exports from Odesa's ports fell by 18% in October, according "
    "to Ukraine's agriculture ministry. Turkey brokered a similar grain deal in 2022, "
    "which Russia abandoned a year later.",
    outlet="Outlet A",
)
KREMLIN = StoryArticle(
    "The Kremlin on Thursday confirmed a 60-day halt to strikes on Black Sea ports "
    "brokered by Turkey, but warned it would end the deal if Ukraine attacked Russian oil "
    'tankers. "Any strike on civilian shipping will be considered a violation," Kremlin '
    "spokesman Dmitry Peskov told reporters in Moscow. Peskov said the moratorium would "
    "take effect on Saturday, not Friday as Ankara had announced. The monitoring centre "
    "in Istanbul will have 45 officers, a Turkish defence ministry source told Reuters. "
    "Ukraine's navy said it had no plans to target tankers but would respond to any "
    "attack on its ports. The deal does not cover river ports on the Danube, Peskov said. "
    "Russian drones struck the port of Izmail on Tuesday night, damaging grain silos.",
    outlet="Outlet B",
)
TRUCE_BEGINS = StoryArticle(
    "A 60-day moratorium on strikes against Black Sea ports came into force at midnight "
    "on Saturday, according to the joint monitoring centre in Istanbul. Within hours, "
    "Ukraine accused Russia of launching two drones toward the port of Chornomorsk, both "
    "of which were shot down, the Ukrainian navy said. Russia's defence ministry denied "
    'any attack and accused Kyiv of "provocations". Turkish Foreign Minister Hakan Fidan '
    "urged both sides to show restraint. The centre said it was investigating the "
    "reports. Shipping insurers said premiums for vessels calling at Odesa could fall by "
    "a third if the truce held.",
    outlet="Outlet C",
)
"""Three invented reports of one port truce: the third brings the truce's start, Kyiv's
accusation and Moscow's denial of it."""
DENIAL = 'Russia\'s defence ministry denied any attack and accused Kyiv of "provocations".'
CLAIM = "Within hours, Ukraine accused Russia of launching two drones toward the port of"


@pytest.mark.model
@pytest.mark.parametrize("room", [1, 2, 3])
def test_an_update_never_shows_a_denial_without_the_accusation_it_answers(
    real_embedder, room: int
) -> None:
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([TURKEY, KREMLIN], 5).key_points
    later = summarizer.summarize(
        [TURKEY, KREMLIN, TRUCE_BEGINS], len(sent) + room, sent, known=2
    ).key_points
    news = [p.text for p in later[len(sent) :]]
    assert len(news) == room
    if DENIAL in news:
        claim = next(n for n, text in enumerate(news) if text.startswith(CLAIM))
        assert claim < news.index(DENIAL)
