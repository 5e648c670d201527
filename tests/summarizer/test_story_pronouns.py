"""A story's points come from several outlets, so a sentence opening with "He" or "Вона"
names nobody there: beside another outlet's point it reads as that point's speaker's words.
Such a sentence is a point only when nothing else is left."""

from __future__ import annotations

import pytest

from summarizer import StoryArticle, StorySummarizer
from summarizer.extractive import names_nobody

MINISTER = StoryArticle(
    outlet="Daily Beacon",
    text="Varnia's foreign minister said on Tuesday that his government accepted the truce plan.\n"
    "The plan foresees a 30-day halt to the fighting along the whole front line.",
)
PRESIDENT = StoryArticle(
    outlet="Evening Courier",
    text="He said the truce plan for Varnia and Lestovia was going well and a deal was close.\n"
    "The Lestovian president spoke to reporters about the truce plan on Friday.",
)
"""A lead that lost its first sentence (a feed's excerpt): its "He" is the president."""


@pytest.mark.model
def test_a_sentence_opening_with_he_is_no_point_while_others_are_left(real_embedder) -> None:
    points = StorySummarizer(real_embedder).summarize([MINISTER, PRESIDENT], 3).key_points
    assert len(points) == 3
    assert not any(p.text.startswith("He said") for p in points)


@pytest.mark.model
def test_it_is_a_point_when_nothing_else_is_left(real_embedder) -> None:
    points = StorySummarizer(real_embedder).summarize([MINISTER, PRESIDENT], 4).key_points
    assert points[-1].text.startswith("He said")


@pytest.mark.parametrize(
    ("sentence", "nobody"),
    [
        ("He said the talks went well.", True),
        ("They rejected the plan.", True),
        ("Their delegation left Jeddah.", True),
        ("Вона заявила, що переговори тривають.", True),
        ("Они отвергли план.", True),
        ("За його словами, першими додому повернуться 390 осіб.", True),
        ("По её словам, обмен начнётся в выходные.", True),
        ("According to him, the talks went well.", True),
        ("За словами Умєрова, обмін почнеться в суботу.", False),
        ("По словам источника, обмен начнётся в выходные.", False),
        ("Hemingway wrote about the war.", False),
        ("The president said he would sign.", False),
        ("Theyre is no word.", False),
    ],
)
def test_only_a_pronoun_for_a_person_opening_the_sentence_names_nobody(
    sentence: str, nobody: bool
) -> None:
    assert names_nobody(sentence) is nobody
