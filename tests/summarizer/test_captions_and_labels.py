"""Wire copy and newsletters carry a picture's caption ("FILE - In this May 20, 2017 file
photo, ...") and section labels ("Why it matters: ...") in their text: a caption is never a
key point, and a point never opens with a label."""

from __future__ import annotations

import pytest

from summarizer import Article
from summarizer.cleaning import clean_sentence, is_boilerplate
from summarizer.extractive import ExtractiveSummarizer

WIRE_STORY = (
    "FILE - In this May 20, 2017 file photo, Varnia's foreign minister waves after talks in "
    "Jeddah.\n"
    "Varnia and Lestovia agreed on Tuesday to a 30-day ceasefire along the whole front line.\n"
    "Monitors from the United Nations will watch the line from Friday."
)
NEWSLETTER = (
    "Varnia and Lestovia agreed on Tuesday to a 30-day ceasefire.\n"
    "Why it matters: The truce is the first in three years of war.\n"
    "Monitors from the United Nations will watch the line from Friday."
)


def test_summary_of_a_wire_story_leaves_its_photo_caption_out(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(WIRE_STORY))
    texts = [p.text for p in summary.key_points]
    assert len(texts) == 2
    assert not any("file photo" in t for t in texts)


def test_a_point_does_not_open_with_the_newsletter_label_but_quotes_it(hashing_embedder) -> None:
    summary = ExtractiveSummarizer(hashing_embedder, max_points=3).summarize(Article(NEWSLETTER))
    point = summary.key_points[1]
    assert point.text == "The truce is the first in three years of war."
    assert point.evidence == ("Why it matters: The truce is the first in three years of war.",)


@pytest.mark.parametrize(
    ("sentence", "caption"),
    [
        ("FILE - In this Nov. 13, 2012 file photo Jill Kelley leaves her home in Tampa.", True),
        ("In this photo provided by the Vatican, Pope Francis meets Benedict XVI.", True),
        ("This photo released by the news agency SANA shows rescue teams in Aleppo.", True),
        ("Megan Rapinoe, front, fends off Alyssa Kleiner in the second half.", True),
        ("Hide Caption 11 of 43 Photos: The search for MH370", True),
        ("The photo was criticized for making light of domestic abuse.", False),
        ("A photo from the scene showed that he threw money out of the truck.", False),
        ("There was no correlation between AI, left, or right 2D:4D in the group.", False),
        ("The delegations left Jeddah on Tuesday.", False),
    ],
)
def test_only_a_caption_is_taken_for_one(sentence: str, caption: bool) -> None:
    assert is_boilerplate(sentence) is caption


@pytest.mark.parametrize(
    ("sentence", "point"),
    [
        ("The big picture: Talks resume in May.", "Talks resume in May."),
        ('What they\'re saying: "We will not sign," he said.', '"We will not sign," he said.'),
        ("Zelensky: We will not give up our land.", "Zelensky: We will not give up our land."),
        ("Context: the talks began in 2022.", "Context: the talks began in 2022."),
    ],
)
def test_a_label_goes_only_when_a_sentence_follows_it(sentence: str, point: str) -> None:
    assert clean_sentence(sentence) == point
