"""A story's key points drawn from every outlet's report, and who reports each one.

All outlets, places and people are invented.
"""

from __future__ import annotations

import pytest

from summarizer import Article, KeyPoint, StoryArticle, StorySummarizer, SummaryError
from summarizer.extractive import ExtractiveSummarizer
from summarizer.grounding import unsupported_facts
from tests.summarizer.conftest import point_with

BEACON = StoryArticle(
    outlet="Daily Beacon",
    title="Varnia and Lestovia agree on a 14-day truce",
    text=(
        "Negotiators for Varnia and Lestovia agreed on Sunday to a 14-day cease-fire that starts "
        "at midnight, the United Nations mediator Ilse Marten said after nine hours of talks.\n"
        "The truce covers the northern front and the port of Kalvik.\n"
        "Both sides will pull heavy artillery back from the line of contact, the agreement says.\n"
        "Lestovia's foreign minister, Pavel Orin, said his government would not accept monitors "
        "from neighbouring states."
    ),
)
COURIER = StoryArticle(
    outlet="Evening Courier",
    title="Truce deal reached in Geneva",
    text=(
        "Varnia and Lestovia agreed on Sunday to a 14-day cease-fire starting at midnight, "
        "United Nations mediator Ilse Marten said after talks in Geneva.\n"
        "Farmers near Kalvik said they had not been able to plant wheat for two seasons.\n"
        "The heavy artillery of both armies is to be pulled back from the front line under the "
        "agreement."
    ),
)
HERALD = StoryArticle(
    outlet="Morning Herald",
    title="Geneva talks to resume in December",
    text=(
        "Varnia and Lestovia agreed to a 14-day cease-fire on Sunday, said the United Nations "
        "mediator Ilse Marten.\n"
        "Talks on a permanent settlement will resume in Geneva on 3 December, the mediator "
        "announced.\n"
        "Aid convoys are expected to reach Kalvik within a week."
    ),
)


def _sources(articles: list[StoryArticle]) -> str:
    return "\n".join(a.text for a in articles)


@pytest.mark.model
def test_a_fact_two_outlets_report_is_one_point_credited_to_both(summarizer) -> None:
    points = summarizer.summarize([BEACON, COURIER]).key_points
    truce = [p for p in points if "14-day cease-fire" in p.text]
    assert len(truce) == 1
    assert set(truce[0].outlets) == {"Daily Beacon", "Evening Courier"}
    evidence_outlet = "Daily Beacon" if truce[0].evidence[0] in BEACON.text else "Evening Courier"
    assert truce[0].outlets[0] == evidence_outlet


@pytest.mark.model
def test_a_fact_only_one_outlet_has_is_credited_to_it_alone(summarizer) -> None:
    points = summarizer.summarize([BEACON, COURIER]).key_points
    (farmers,) = point_with(points, "plant wheat")
    assert farmers.outlets == ("Evening Courier",)
    (monitors,) = point_with(points, "would not accept monitors")
    assert monitors.outlets == ("Daily Beacon",)


@pytest.mark.model
def test_points_already_shown_keep_their_text_and_a_new_fact_is_a_new_point(summarizer) -> None:
    first = summarizer.summarize([BEACON, COURIER], max_points=3).key_points
    update = summarizer.summarize([BEACON, COURIER, HERALD], max_points=5, previous=first)
    texts = [p.text for p in update.key_points]
    assert texts[: len(first)] == [p.text for p in first]
    new = [p for p in update.key_points if p.text not in {p.text for p in first}]
    assert any("3 December" in p.text for p in new)
    (december,) = point_with(update.key_points, "3 December")
    assert december.outlets == ("Morning Herald",)


@pytest.mark.model
def test_an_update_brings_only_what_the_new_report_adds(summarizer) -> None:
    first = summarizer.summarize([BEACON], max_points=2).key_points
    # The rewrite repeats the first report and adds one fact; only that fact is news.
    rewrite = StoryArticle(
        outlet="Evening Courier",
        title="Truce deal reached",
        text=(
            "Varnia and Lestovia agreed on Sunday to a 14-day cease-fire starting at midnight.\n"
            "Both armies will pull their heavy artillery back from the line of contact.\n"
            "Talks on a permanent settlement will resume in Geneva on 3 December."
        ),
    )
    update = summarizer.summarize([BEACON, rewrite], 4, previous=first, known=1).key_points
    new = [p.text for p in update if p.text not in {p.text for p in first}]
    assert new == ["Talks on a permanent settlement will resume in Geneva on 3 December."]
    # A copy that adds nothing brings no new point, even with room for some.
    copy = StoryArticle(outlet="Copy Desk", text=BEACON.text, title=BEACON.title)
    again = summarizer.summarize([BEACON, copy], 4, previous=first, known=1).key_points
    assert [p.text for p in again] == [p.text for p in first]


@pytest.mark.model
def test_a_shown_point_the_articles_no_longer_support_is_dropped(summarizer) -> None:
    stale = KeyPoint(
        text="Kalvik's mayor resigned after the shelling of the harbour.",
        evidence=("Kalvik's mayor resigned after the shelling of the harbour.",),
    )
    points = summarizer.summarize([BEACON, COURIER], previous=[stale]).key_points
    assert stale.text not in [p.text for p in points]


@pytest.mark.model
def test_a_shown_point_reworded_by_the_outlets_keeps_its_text(summarizer) -> None:
    shown = KeyPoint(
        text="Varnia and Lestovia agreed on Sunday to a 14-day cease-fire.",
        evidence=("an evidence sentence from an article no longer in the story",),
    )
    points = summarizer.summarize([BEACON, COURIER], previous=[shown]).key_points
    assert points[0].text == shown.text
    assert points[0].evidence[0] in _sources([BEACON, COURIER])
    assert not unsupported_facts(points[0].text, " ".join(points[0].evidence))
    assert len([p for p in points if "cease-fire" in p.text]) == 1


@pytest.mark.model
def test_every_point_quotes_an_article_and_repeats_nothing(summarizer, real_embedder) -> None:
    articles = [BEACON, COURIER, HERALD]
    points = summarizer.summarize(articles, max_points=8).key_points
    sources = _sources(articles)
    for point in points:
        assert point.evidence
        assert all(e in sources for e in point.evidence)
        assert not unsupported_facts(point.text, " ".join(point.evidence))
        assert point.outlets
    assert len([p for p in points if "14-day cease-fire" in p.text]) == 1
    assert len([p for p in points if "artillery" in p.text]) == 1
    vectors = real_embedder.embed([p.text for p in points])
    similarity = vectors @ vectors.T
    assert all(similarity[i, j] < 0.8 for i in range(len(points)) for j in range(i))


# Two outlets' wordings of one fact, close enough to credit each with the other's (0.79), not
# close enough to be one sentence: as two points they tell one fact twice.
TRUCE_IN_WORDS = StoryArticle(
    outlet="Evening Courier",
    text=(
        "Varnia and Lestovia agreed on Tuesday to a 30-day cease-fire that covers the port of "
        "Kalvik and the northern front.\n"
        "Farmers near Kalvik said they hoped to plant wheat this spring.\n"
    ),
)
TRUCE_IN_OTHER_WORDS = StoryArticle(
    outlet="Morning Herald",
    text=(
        "Varnia and Lestovia will stop fighting for 30 days, including around the port of "
        "Kalvik, under a deal reached on Tuesday.\n"
        "Both armies will pull heavy artillery 15 kilometres back.\n"
    ),
)


@pytest.mark.model
def test_a_second_outlets_wording_of_a_point_waits_until_the_other_facts_are_told(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    both = [TRUCE_IN_WORDS, TRUCE_IN_OTHER_WORDS]

    points = summarizer.summarize(both, max_points=3).key_points

    truce = [p for p in points if "30" in p.text]
    assert len(truce) == 1
    assert set(truce[0].outlets) == {"Evening Courier", "Morning Herald"}
    assert point_with(points, "heavy artillery")
    everything = summarizer.summarize(both, max_points=4).key_points
    assert len([p for p in everything if "30" in p.text]) == 2  # when nothing else is left


@pytest.mark.model
def test_an_update_two_outlets_bring_in_their_own_words_tells_the_new_fact_once(
    summarizer,
) -> None:
    opening = StoryArticle(
        outlet="Daily Beacon",
        text=(
            "Talks between Varnia and Lestovia opened in Geneva on Monday under United Nations "
            "mediation.\n"
            "The delegations met for six hours behind closed doors.\n"
        ),
    )
    first = summarizer.summarize([opening], max_points=2).key_points

    update = summarizer.summarize(
        [opening, TRUCE_IN_WORDS, TRUCE_IN_OTHER_WORDS], 4, previous=first, known=1
    ).key_points

    new = update[len(first) :]
    truce = [p for p in new if "30" in p.text]
    assert len(truce) == 1
    assert set(truce[0].outlets) == {"Evening Courier", "Morning Herald"}
    assert point_with(new, "heavy artillery")


@pytest.mark.model
def test_a_fact_every_outlet_reports_is_told_with_the_details_they_share(real_embedder) -> None:
    envoy = StoryArticle(
        outlet="Daily Beacon",
        text=(
            "Varnia and Lestovia signed a truce in Geneva on Sunday after three days of talks.\n"
            "Ilse Marten, the United Nations envoy who chaired the Geneva meeting, called the "
            "signing on Sunday a relief for both nations.\n"
            "Both governments will exchange 200 prisoners at the Kalvik crossing next week.\n"
        ),
    )
    swap = StoryArticle(
        outlet="Evening Courier",
        text=(
            "A truce between Varnia and Lestovia was signed on Sunday in Geneva.\n"
            "The two countries plan to swap 200 prisoners at the Kalvik crossing next week, "
            "officials said.\n"
            "Fishermen in the bay have waited months for the news.\n"
        ),
    )
    brief = StoryArticle(
        outlet="Morning Herald",
        text=(
            "Varnia and Lestovia signed a truce on Sunday, ending the fighting.\n"
            "Prisoners are to be exchanged at the Kalvik crossing, the mediator said.\n"
        ),
    )
    points = StorySummarizer(real_embedder).summarize([envoy, swap, brief], max_points=2)
    truce, prisoners = points.key_points
    assert "truce" in truce.text
    assert "200 prisoners" in prisoners.text
    assert "next week" in prisoners.text
    assert set(prisoners.outlets) == {"Daily Beacon", "Evening Courier", "Morning Herald"}


@pytest.mark.model
def test_one_article_gives_the_single_article_summary(real_embedder, article_text) -> None:
    extractive = ExtractiveSummarizer(real_embedder, max_points=4)
    single = extractive.summarize(Article(text=article_text))
    story = StorySummarizer(real_embedder, max_points=4).summarize(
        [StoryArticle(text=article_text, outlet="Daily Beacon")]
    )
    assert [p.text for p in story.key_points] == [p.text for p in single.key_points]
    assert all(p.outlets == ("Daily Beacon",) for p in story.key_points)


def test_articles_without_outlets_still_get_points(hashing_embedder) -> None:
    anonymous = [StoryArticle(text=BEACON.text), StoryArticle(text=COURIER.text)]
    points = StorySummarizer(hashing_embedder).summarize(anonymous).key_points
    assert points
    assert all(p.outlets == () for p in points)


def test_a_story_with_no_text_is_refused_with_a_clear_message(hashing_embedder) -> None:
    with pytest.raises(SummaryError, match="no article"):
        StorySummarizer(hashing_embedder).summarize([StoryArticle(text="  "), StoryArticle("")])
    with pytest.raises(SummaryError, match="between 1 and 20"):
        StorySummarizer(hashing_embedder).summarize([BEACON], max_points=0)


def test_key_points_built_without_outlets_still_work() -> None:
    point = KeyPoint(text="A truce was agreed.", evidence=("A truce was agreed.",))
    assert point.outlets == ()


class _Counting:
    """The real embedder, recording every text it is asked to embed."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return self.embedder.embed(texts)


@pytest.mark.model
def test_a_storys_next_revision_embeds_only_what_the_new_report_brings(real_embedder) -> None:
    from summarizer.embedder import CachedEmbedder

    counting = _Counting(real_embedder)
    summarizer = StorySummarizer(CachedEmbedder(counting), max_points=5)
    first = summarizer.summarize([BEACON, COURIER]).key_points
    counting.texts.clear()

    grown = summarizer.summarize([BEACON, COURIER, HERALD], previous=first, known=2)

    assert counting.texts, "the new report's sentences are embedded"
    assert all(t in HERALD.text or t == HERALD.title for t in counting.texts)
    uncached = StorySummarizer(real_embedder, max_points=5).summarize(
        [BEACON, COURIER, HERALD], previous=first, known=2
    )
    assert grown.key_points == uncached.key_points


def test_the_embedding_cache_embeds_a_repeat_once_and_forgets_the_least_recent(
    hashing_embedder,
) -> None:
    from summarizer.embedder import CachedEmbedder

    counting = _Counting(hashing_embedder)
    cache = CachedEmbedder(counting, capacity=2)
    cache.embed(["truce", "convoy", "truce"])  # a syndicated copy repeats a sentence
    assert counting.texts == ["truce", "convoy"]
    cache.embed(["truce"])
    cache.embed(["monitors"])  # "convoy" is now the least recently used, and is forgotten
    counting.texts.clear()

    vectors = cache.embed(["truce", "monitors", "convoy"])

    assert counting.texts == ["convoy"]
    assert vectors.shape == (3, 256)
    assert (vectors[2] == hashing_embedder.embed(["convoy"])[0]).all()
