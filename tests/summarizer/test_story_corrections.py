"""An outlet corrects its report in place: the figure a reader was sent is replaced.

Seen in a trial of the real bot: an outlet changed "390 prisoners" to "307" on the same page,
and the story kept the old figure. When the corrected version is summarized, the point only
the old version said is withdrawn, the corrected sentence is the update's news and says what
it replaces, and the sentences the page still says as before are not news again.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer import StoryArticle, StorySummarizer

OLD_FIGURE = "Lestovia handed over 390 prisoners of war on Friday, the ministry said."
NEW_FIGURE = "Lestovia handed over 307 prisoners of war on Friday, the ministry said."
PAGE = """{figure}
The exchange took place at the border crossing near Kalvik after weeks of talks in Geneva.
Mediators from the United Nations said the next round of talks would follow in December.
Families waited at the crossing for hours before the buses arrived."""
OTHER_OUTLET = StoryArticle(
    "Varnia and Lestovia completed a prisoner exchange at the Kalvik crossing on Friday.\n"
    "The United Nations, which mediated the Geneva talks, welcomed the exchange.",
    outlet="Kalvik Post",
)


def _page(figure: str) -> StoryArticle:
    return StoryArticle(PAGE.format(figure=figure), outlet="Geneva Wire")


@pytest.mark.model
def test_a_corrected_figure_replaces_the_point_the_reader_was_sent(real_embedder) -> None:
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([OTHER_OUTLET, _page(OLD_FIGURE)], 5).key_points
    assert OLD_FIGURE in [p.text for p in sent]

    corrected = summarizer.summarize(
        [OTHER_OUTLET, _page(NEW_FIGURE)], 7, previous=sent, known=1, earlier=[_page(OLD_FIGURE)]
    ).key_points

    texts = [p.text for p in corrected]
    assert OLD_FIGURE not in texts
    news = [p for p in corrected if p.text not in {s.text for s in sent}]
    assert [p.text for p in news] == [NEW_FIGURE]
    assert news[0].replaces == (OLD_FIGURE,)


@pytest.mark.model
def test_a_story_of_one_corrected_page_sends_only_the_corrected_sentence(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    sent = summarizer.summarize([_page(OLD_FIGURE)], 3).key_points

    corrected = summarizer.summarize(
        [_page(NEW_FIGURE)], 5, previous=sent, known=0, earlier=[_page(OLD_FIGURE)]
    ).key_points

    news = [p for p in corrected if p.text not in {s.text for s in sent}]
    assert [(p.text, p.replaces) for p in news] == [(NEW_FIGURE, (OLD_FIGURE,))]


@pytest.mark.model
def test_another_outlet_still_giving_the_old_figure_keeps_it_as_a_rival(real_embedder) -> None:
    summarizer = StorySummarizer(real_embedder)
    third = StoryArticle(OLD_FIGURE + "\nBuses took them to Kalvik.", outlet="Varnia Today")
    sent = summarizer.summarize([third, _page(OLD_FIGURE)], 5).key_points

    corrected = summarizer.summarize(
        [third, _page(NEW_FIGURE)], 7, previous=sent, known=1, earlier=[_page(OLD_FIGURE)]
    ).key_points

    by_text = {p.text: p for p in corrected}
    assert OLD_FIGURE in by_text  # Varnia Today still says it: outlets disagree now
    assert by_text[NEW_FIGURE].replaces == ()
    assert OLD_FIGURE in by_text[NEW_FIGURE].rivals


ROUND = "The next round of talks will be held in Geneva on Monday, the Turkish ministry said."
PESKOV = "Kremlin spokesman Dmitry Peskov said Moscow was ready for a memorandum on a truce."
WIRE = f"{OLD_FIGURE}\n{ROUND}\n{PESKOV}\nFamilies waited at the crossing for hours."


@pytest.mark.model
def test_a_corrected_day_replaces_its_point_and_a_removed_sentence_is_withdrawn(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    before = StoryArticle(WIRE, "Lestovia frees 390 prisoners", "Geneva Wire")
    after = StoryArticle(
        WIRE.replace(OLD_FIGURE, NEW_FIGURE)
        .replace("on Monday", "on Wednesday")
        .replace(PESKOV + "\n", ""),
        "Lestovia frees 307 prisoners",  # the headline was corrected too
        "Geneva Wire",
    )
    sent = summarizer.summarize([OTHER_OUTLET, before], 7).key_points
    assert {OLD_FIGURE, ROUND, PESKOV} <= {p.text for p in sent}

    corrected = summarizer.summarize(
        [OTHER_OUTLET, after], 9, previous=sent, known=1, earlier=[before]
    )

    replaced = {p.text: p.replaces for p in corrected.key_points if p.replaces}
    assert replaced == {
        NEW_FIGURE: (OLD_FIGURE,),
        ROUND.replace("on Monday", "on Wednesday"): (ROUND,),
    }
    assert PESKOV not in {p.text for p in corrected.key_points}
    assert corrected.withdrawn == (PESKOV,)  # removed: the reader is told, not left with it


@pytest.mark.model
def test_a_page_that_lost_its_end_withdraws_nothing(real_embedder) -> None:
    # A live page whose oldest entry moved to its next page: not a correction of it.
    summarizer = StorySummarizer(real_embedder)
    live = f"{OLD_FIGURE}\n{ROUND}\n{PESKOV}"
    before = StoryArticle(live, "Live: prisoner swap", "Geneva Wire")
    newest = "Buses carrying the freed prisoners crossed into Varnia at noon."
    after = StoryArticle(f"{newest}\n{OLD_FIGURE}\n{ROUND}", "Live: prisoner swap", "Geneva Wire")
    sent = summarizer.summarize([OTHER_OUTLET, before], 7).key_points
    assert PESKOV in {p.text for p in sent}

    later = summarizer.summarize(
        [OTHER_OUTLET, after], 9, previous=sent, known=1, earlier=[before]
    )

    assert later.withdrawn == ()
    assert newest in {p.text for p in later.key_points}


@pytest.mark.model
def test_a_live_pages_newer_entry_is_news_not_a_correction_of_one_that_moved_on(
    real_embedder,
) -> None:
    summarizer = StorySummarizer(real_embedder)
    before = StoryArticle(f"{ROUND}\n{OLD_FIGURE}", "Live: prisoner swap", "Geneva Wire")
    newest = OLD_FIGURE.replace("390", "120").replace("on Friday", "on Saturday")
    after = StoryArticle(f"{newest}\n{ROUND}", "Live: prisoner swap", "Geneva Wire")
    sent = summarizer.summarize([OTHER_OUTLET, before], 7).key_points
    assert OLD_FIGURE in {p.text for p in sent}

    later = summarizer.summarize(
        [OTHER_OUTLET, after], 9, previous=sent, known=1, earlier=[before]
    )

    assert [p.replaces for p in later.key_points if p.text == newest] == [()]
    assert later.withdrawn == ()


@pytest.mark.model
def test_a_corrected_last_sentence_of_a_report_is_told(real_embedder) -> None:
    # Nothing follows it to show the edit was inside the report: what precedes it does.
    summarizer = StorySummarizer(real_embedder)
    lead = f"{ROUND}\nLestovia handed over 390 prisoners of war on Friday."
    before = StoryArticle(lead, "Swap", "Geneva Wire")
    after = StoryArticle(lead.replace("390", "307"), "Swap", "Geneva Wire")
    sent = summarizer.summarize([OTHER_OUTLET, before], 7).key_points
    old = next(p.text for p in sent if "390" in p.text)

    later = summarizer.summarize(
        [OTHER_OUTLET, after], 9, previous=sent, known=1, earlier=[before]
    )

    assert [p.replaces for p in later.key_points if "307" in p.text] == [(old,)]


@pytest.mark.model
def test_a_sentence_taken_out_of_a_report_brings_no_later_one_in_as_news(real_embedder) -> None:
    # A story of ten reports reads the first 8 sentences of each; taking one out moves the
    # ninth in, and that one was in the report all along.
    summarizer = StorySummarizer(real_embedder)
    others = [replace(OTHER_OUTLET, outlet=f"Outlet {n}") for n in range(9)]
    rest = [
        "The exchange took place at the border crossing near Kalvik.",
        "Mediators from the United Nations said the next round would follow in December.",
        "Families waited at the crossing for hours before the buses arrived.",
        "Varnia's defence ministry published a list of the names of those released.",
        "Several of the freed soldiers needed treatment in a field hospital.",
        "Turkey's foreign minister called the exchange a step towards a truce.",
        "A second exchange could take place before the end of the month, officials said.",
        "Relatives of missing soldiers gathered outside the ministry in the capital.",
    ]
    report = "\n".join([OLD_FIGURE, PESKOV, *rest])
    before = StoryArticle(report, "Swap", "Geneva Wire")
    after = StoryArticle(report.replace(PESKOV + "\n", ""), "Swap", "Geneva Wire")
    sent = summarizer.summarize([*others, before], 10).key_points
    assert PESKOV in {p.text for p in sent}

    later = summarizer.summarize([*others, after], 12, previous=sent, known=9, earlier=[before])

    assert later.withdrawn == (PESKOV,)
    assert [p.text for p in later.key_points if p.text not in {s.text for s in sent}] == []
