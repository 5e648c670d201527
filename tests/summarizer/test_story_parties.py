"""Two outlets' sentences about different parties, places or days are two facts, however close
their wording: neither outlet is credited with the other's, and a later one is news."""

from __future__ import annotations

import pytest

from summarizer import KeyPoint, StoryArticle, StorySummarizer
from summarizer.disputes import other_speakers

VARNIA = StoryArticle(
    outlet="Daily Beacon",
    text="The Varnian government accepted the cease-fire proposal on Sunday.\n"
    "The mediator will travel to Kalvik next week to prepare the signing.",
)
LESTOVIA = StoryArticle(
    outlet="Evening Courier",
    text="The Lestovian government accepted the cease-fire proposal on Sunday.\n"
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
)

LESTOVIA_SAID = StoryArticle(
    outlet="Evening Courier",
    text="The Lestovian government accepted the cease-fire proposal on Sunday, officials said.\n"
    "Farmers near Kalvik said they had not been able to plant wheat for two seasons.",
)
"""Another party, with who said it in lower case."""


def _new(points: tuple[KeyPoint, ...], before: tuple[KeyPoint, ...]) -> list[KeyPoint]:
    return [p for p in points if p.text not in {b.text for b in before}]


@pytest.fixture
def summarizer(real_embedder) -> StorySummarizer:
    return StorySummarizer(real_embedder, max_points=5)


@pytest.mark.parametrize("other", [LESTOVIA, LESTOVIA_SAID])
@pytest.mark.model
def test_an_outlet_reporting_another_party_is_not_credited_with_the_point(
    summarizer, other: StoryArticle
) -> None:
    points = summarizer.summarize([VARNIA, other], max_points=4).key_points
    [varnia] = [p for p in points if p.text.startswith("The Varnian government")]
    assert varnia.outlets == ("Daily Beacon",)


MONDAY = StoryArticle(
    outlet="Daily Beacon",
    text="Talks between the delegations will resume in Kalvik on Monday, the mediator said.\n"
    "The delegations will discuss a prisoner exchange.",
)
WEDNESDAY = StoryArticle(
    outlet="Evening Courier",
    text="Talks between the delegations will resume in Dorsk on Wednesday, the mediator said.",
)
"""The talks moved to another place and day."""
UKRAINE = StoryArticle(
    outlet="Daily Beacon",
    text="Ukraine accepted the peace plan of the mediators on Tuesday, Reuters reported.\n"
    "The mediator will travel to Kalvik next week to prepare the signing.",
)
KYIV = StoryArticle(
    outlet="Evening Courier",
    text="Kyiv accepted the peace plan of the mediators on Tuesday, AP reported.",
)
"""The same fact reworded: the capital for its country, another agency reporting it."""
KILLED = StoryArticle(
    outlet="Daily Beacon",
    text="At least 12 people were killed in a missile strike on the railway station in Kalvik "
    "on Monday, officials said.\nRescue teams worked through the night to clear the rubble.",
)
INJURED = StoryArticle(
    outlet="Evening Courier",
    text="At least 30 people were injured in a missile strike on the railway station in Kalvik "
    "on Monday, officials said.\nThe governor declared a day of mourning.",
)
"""The same words of the same strike, counting the dead and the injured."""
WOUNDED = StoryArticle(
    outlet="Daily Beacon",
    text="Six men were killed and 19 people were wounded in a missile strike on the railway "
    "station in Kalvik on Monday, officials said.\nRescue teams worked through the night.",
)
IN_HOSPITAL = StoryArticle(
    outlet="Evening Courier",
    text="Six men were killed and five people remain in hospital after a missile strike on the "
    "railway station in Kalvik on Monday, officials said.\nThe governor declared a day of "
    "mourning.",
)
"""Of the wounded, those still in hospital: two counts, no dispute."""


@pytest.mark.model
def test_an_outlet_counting_the_injured_is_not_credited_with_the_count_of_the_dead(
    summarizer,
) -> None:
    points = summarizer.summarize([KILLED, INJURED]).key_points
    [dead] = [p for p in points if p.text.startswith("At least 12 people were killed")]
    [hurt] = [p for p in points if p.text.startswith("At least 30 people were injured")]
    assert (dead.outlets, hurt.outlets) == (("Daily Beacon",), ("Evening Courier",))
    assert not dead.rivals


@pytest.mark.model
def test_the_wounded_and_those_still_in_hospital_are_two_counts_not_outlets_disagreeing(
    summarizer,
) -> None:
    points = summarizer.summarize([WOUNDED, IN_HOSPITAL]).key_points
    [wounded] = [p for p in points if "19 people were wounded" in p.text]
    [in_hospital] = [p for p in points if "five people remain in hospital" in p.text]
    assert (wounded.outlets, in_hospital.outlets) == (("Daily Beacon",), ("Evening Courier",))
    assert not wounded.rivals
    assert not in_hospital.rivals


def _update(summarizer: StorySummarizer, first: StoryArticle, later: StoryArticle) -> list[str]:
    """The new points once `later` joins a story first summarized from `first` alone."""
    shown = summarizer.summarize([first], max_points=2).key_points
    update = summarizer.summarize([first, later], 4, previous=shown, known=1).key_points
    return [p.text for p in _new(update, shown)]


@pytest.mark.parametrize(
    ("first", "later", "news"),
    [
        (VARNIA, LESTOVIA, "The Lestovian government"),
        (VARNIA, LESTOVIA_SAID, "The Lestovian government"),
        (MONDAY, WEDNESDAY, "Talks between"),
        (KILLED, INJURED, "At least 30 people were injured"),
        (WOUNDED, IN_HOSPITAL, "Six men were killed and five people remain in hospital"),
    ],
)
@pytest.mark.model
def test_the_same_statement_about_another_party_or_place_is_news_in_the_update(
    summarizer, first: StoryArticle, later: StoryArticle, news: str
) -> None:
    assert any(text.startswith(news) for text in _update(summarizer, first, later))


@pytest.mark.model
def test_a_rewording_that_names_the_capital_or_the_reporter_is_no_news(summarizer) -> None:
    assert _update(summarizer, UKRAINE, KYIV) == []
    [plan] = [p for p in summarizer.summarize([UKRAINE, KYIV]).key_points if "plan" in p.text]
    assert set(plan.outlets) == {"Daily Beacon", "Evening Courier"}


@pytest.mark.model
def test_the_same_party_with_who_said_it_in_lower_case_is_no_news(summarizer) -> None:
    officials = StoryArticle(
        outlet="Evening Courier",
        text="Kyiv accepted the peace plan of the mediators on Tuesday, officials said.",
    )
    assert _update(summarizer, UKRAINE, officials) == []


VARNIA_READY = StoryArticle(
    outlet="Daily Beacon",
    text="Varnia said on Tuesday it was ready to accept the mediators' proposal for an immediate "
    "30-day cease-fire with Lestovia, after talks in Kalvik.\n"
    "The mediators will resume their visits to the front next week.",
)
LESTOVIA_STUDIES = StoryArticle(
    outlet="Evening Courier",
    text="The Lestovian government said on Wednesday it would carefully study the mediators' "
    "proposal for a 30-day cease-fire agreed by Varnia in Kalvik.\n"
    "Varnia said on Tuesday it was ready to accept the mediators' proposal for an immediate "
    "30-day cease-fire with Lestovia, after talks in Kalvik.",
)
"""The other side's answer: it shares half its words with the first report's lead (the
proposal, its 30 days, the talks' place), but it is another speaker's statement."""


@pytest.mark.model
def test_the_other_sides_answer_in_the_words_of_the_proposal_is_news_in_the_update(
    summarizer,
) -> None:
    news = _update(summarizer, VARNIA_READY, LESTOVIA_STUDIES)
    assert any(text.startswith("The Lestovian government said") for text in news)
    assert not any(text.startswith("Varnia said on Tuesday") for text in news)


VARNIA_ACCEPTS = StoryArticle(
    outlet="Daily Beacon",
    text="Varnia said it was ready to accept the mediators' proposal for a 30-day cease-fire.\n"
    "The talks in Kalvik lasted eight hours.",
)
LESTOVIA_REFUSES = StoryArticle(
    outlet="Evening Courier",
    text="Lestovia said it was not ready to accept the mediators' proposal for a 30-day "
    "cease-fire.\n"
    "Farmers near Kalvik said they hoped to plant wheat this spring.",
)
"""The other side's refusal in the words of the first side's acceptance (a cosine of about 0.8):
not a denial of one speaker's statement, but another speaker's answer."""


@pytest.mark.model
def test_the_other_sides_refusal_in_the_same_words_is_news_and_credits_neither_outlet(
    summarizer,
) -> None:
    news = _update(summarizer, VARNIA_ACCEPTS, LESTOVIA_REFUSES)
    assert news[0].startswith("Lestovia said it was not ready")

    points = summarizer.summarize([VARNIA_ACCEPTS, LESTOVIA_REFUSES], 3).key_points
    [accepts] = [p for p in points if p.text.startswith("Varnia said")]
    [refuses] = [p for p in points if p.text.startswith("Lestovia said")]
    assert accepts.outlets == ("Daily Beacon",)
    assert refuses.outlets == ("Evening Courier",)


@pytest.mark.parametrize(
    ("first", "second", "other"),
    [
        ("The Kremlin said it would study the proposal.", "Ukraine said it was ready.", True),
        ("Hamas said it accepted the plan.", "Israel said it accepted the plan.", True),
        ("Kyiv said it was ready to accept.", "Ukraine said it was ready to accept.", False),
        ("The White House said the pause holds.", "Washington said the pause holds.", False),
        ("Kremlin spokesman Dmitry Peskov told reporters.", "Peskov said Moscow waits.", False),
        ("Officials said Ukraine was ready.", "Ukraine said it was ready.", False),
        ("Reuters reported that Ukraine was ready.", "Ukraine said it was ready.", False),
        ("Ukraine was ready, the Kremlin said.", "Ukraine said it was ready.", False),
        ("У Кремлі заявили, що вивчать пропозицію.", "Кремль заявив, що вивчить її.", False),
        ("Джерела повідомили, що Київ готовий.", "Україна заявила, що готова.", False),
    ],
)
def test_only_two_named_speakers_opening_their_sentences_are_other_speakers(
    first: str, second: str, other: bool
) -> None:
    assert other_speakers(first, second) is other
    assert other_speakers(second, first) is other
