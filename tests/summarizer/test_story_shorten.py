"""A story's long key points are cut by the same safe rule as /summary's, never what they say.

All outlets, places and people are invented.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer import KeyPoint, StoryArticle, StorySummarizer
from summarizer.grounding import unsupported_facts
from summarizer.story import DEFAULT_STORY_WEIGHTS

TRUCE_MARCH = (
    "Negotiators for Varnia and Lestovia agreed on Sunday to a 14-day cease-fire that starts at "
    "midnight on the northern front and around the port of Kalvik, which the United Nations "
    "mediator Ilse Marten had first proposed to both delegations at a meeting in Geneva in March."
)
TRUCE_APRIL = (
    "Varnia and Lestovia agreed on Sunday to a 14-day cease-fire that starts at midnight on the "
    "northern front and around the port of Kalvik, after nine hours of talks that began in April "
    "in the Palais des Nations in Geneva with both foreign ministers present."
)
SHELLING = (
    "Ilse Marten, the United Nations mediator, said on Sunday that Varnia had agreed not to "
    "shell the port of Kalvik while the truce lasts, which both armies must respect for the "
    "whole fortnight around the port, along the northern front and in the hills above the river."
)
UNCONFIRMED = (
    "Lestovia will pull its heavy artillery back twenty kilometres from the line of contact "
    "along the whole northern front within a week, which Varnia's defence ministry has not been "
    "able to confirm from its own observation posts on the hills above the river so far."
)
ATTRIBUTED = (
    "Lestovia will pull its heavy artillery back twenty kilometres from the line of contact "
    "along the whole northern front within a week, according to a statement that the Lestovian "
    "defence ministry published on its website and on its channels late on Sunday evening."
)


def _report(outlet: str, title: str, *sentences: str) -> StoryArticle:
    """An outlet's report, one sentence a line."""
    return StoryArticle(outlet=outlet, title=title, text="\n".join(sentences))


BEACON = _report(
    "Daily Beacon",
    "Varnia and Lestovia agree on a 14-day truce",
    TRUCE_MARCH,
    SHELLING,
    "Aid convoys are expected to reach Kalvik within a week.",
)
COURIER = _report(
    "Evening Courier",
    "Truce deal reached in Geneva",
    TRUCE_APRIL,
    UNCONFIRMED,
    "Farmers near Kalvik have not planted wheat in two years.",
)
HERALD = _report(
    "Morning Herald",
    "Lestovia to pull back its guns",
    ATTRIBUTED,
    "Talks on a permanent settlement will resume in Geneva on 3 December.",
)
GAZETTE = _report(
    "Kalvik Gazette",
    "Truce begins",
    "The 14-day cease-fire between Varnia and Lestovia began at midnight, and the port of "
    "Kalvik was quiet for the first time since March.",
    "Shops in the old town reopened on Monday morning.",
)


def _point(points: tuple[KeyPoint, ...], words: str) -> KeyPoint:
    found = [p for p in points if words in p.evidence[0]]
    assert len(found) == 1, [p.text for p in points]
    return found[0]


@pytest.mark.model
def test_a_long_key_sentence_is_shown_cut_with_the_whole_sentence_as_evidence(summarizer) -> None:
    points = summarizer.summarize([BEACON, COURIER, HERALD], max_points=5).key_points
    truce = _point(points, "14-day cease-fire that starts at midnight")
    assert truce.text.endswith("…")
    assert len(truce.text) <= DEFAULT_STORY_WEIGHTS.point_chars
    assert truce.evidence[0] in (TRUCE_MARCH, TRUCE_APRIL)
    assert truce.evidence[0].startswith(truce.text[:-1])
    assert not unsupported_facts(truce.text, " ".join(truce.evidence))
    assert all(len(p.text) <= len(p.evidence[0]) for p in points)


@pytest.mark.model
def test_a_cut_keeps_the_speaker_and_negation_and_never_cuts_them_away(summarizer) -> None:
    mediator = _report("Geneva Post", "", SHELLING, UNCONFIRMED)
    points = summarizer.summarize([mediator, HERALD], max_points=4).key_points
    shelling = _point(points, "agreed not to shell")
    assert shelling.text == (
        "Ilse Marten, the United Nations mediator, said on Sunday that Varnia had agreed not to "
        "shell the port of Kalvik while the truce lasts…"
    )
    # The rest of each of these holds a negation or who says it: the sentence stays whole.
    guns = [p.text for p in points if "heavy artillery back twenty kilometres" in p.text]
    assert guns
    assert all(text in (UNCONFIRMED, ATTRIBUTED) for text in guns)


@pytest.mark.model
def test_an_outlet_saying_the_point_as_shown_is_credited_despite_another_month_in_the_cut_aside(
    summarizer,
) -> None:
    points = summarizer.summarize([BEACON, COURIER], max_points=3).key_points
    truce = _point(points, "14-day cease-fire that starts at midnight")
    assert "March" not in truce.text
    assert "April" not in truce.text
    assert set(truce.outlets) == {"Daily Beacon", "Evening Courier"}
    assert not truce.rivals


@pytest.mark.model
def test_points_quoting_whole_sentences_when_shortening_is_off(real_embedder) -> None:
    whole = StorySummarizer(
        real_embedder, story_weights=replace(DEFAULT_STORY_WEIGHTS, point_chars=0)
    )
    points = whole.summarize([BEACON, COURIER], max_points=3).key_points
    truce = _point(points, "14-day cease-fire that starts at midnight")
    assert truce.text == truce.evidence[0]
    assert truce.outlets == (truce.outlets[0],)  # the months in the whole sentences differ


@pytest.mark.model
def test_points_already_sent_keep_their_text_when_the_story_is_revised(summarizer) -> None:
    first = summarizer.summarize([BEACON, COURIER], max_points=3).key_points
    truce = _point(first, "14-day cease-fire that starts at midnight")
    assert truce.text.endswith("…")
    sent_whole = KeyPoint(UNCONFIRMED, (UNCONFIRMED,), ("Evening Courier",))
    previous = (truce, sent_whole)

    revised = summarizer.summarize(
        [BEACON, COURIER, GAZETTE], max_points=4, previous=previous, known=2
    ).key_points

    assert [p.text for p in revised[:2]] == [truce.text, UNCONFIRMED]
    assert revised[0].evidence == truce.evidence
    # No point says the truce again, whole or cut: the update carries only news.
    assert sum("14-day cease-fire that starts" in p.evidence[0] for p in revised) == 1


@pytest.mark.model
def test_outlets_giving_another_day_in_the_part_a_cut_would_drop_are_shown_whole_side_by_side(
    summarizer,
) -> None:
    monday = (
        "Varnia and Lestovia agreed in Geneva to a 14-day cease-fire on the northern front and "
        "around the port of Kalvik after nine hours of talks with the United Nations mediator and "
        "both foreign ministers, which will take effect at midnight on Monday."
    )
    thursday = monday.replace("Monday", "Thursday")
    beacon = _report("Daily Beacon", "", monday, "Aid convoys are expected to reach Kalvik soon.")
    courier = _report("Evening Courier", "", thursday, "Shops in the old town reopened.")

    points = summarizer.summarize([beacon, courier], max_points=3).key_points

    assert [p.text for p in points[:2]] == [monday, thursday]
    assert points[0].rivals == (thursday,)
    assert points[1].rivals == (monday,)
    assert points[0].outlets == ("Daily Beacon",)
    assert points[1].outlets == ("Evening Courier",)
