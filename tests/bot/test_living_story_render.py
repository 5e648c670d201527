"""What a reader sees of a living story: both versions of a disputed figure, never one, and
when the story last changed. Outlets, places and figures are invented."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.delivery.compose import render_unit
from bot.handlers.stories import render_timeline
from bot.i18n import translator
from bot.preferences import Preferences
from bot.render import render_latest, render_story
from bot.render_points import changed_spans
from bot.storage.outbox import Item, Unit
from bot.storage.stories import SourceView, StoryView, TimelineEntry
from summarizer import KeyPoint
from summarizer.cut import cut_points

MARCH_10 = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv
MARCH_11 = datetime(2025, 3, 11, 12, 5, tzinfo=UTC)  # 14:05 in Kyiv

TRUCE = KeyPoint("Varnia and Lestovia agreed to a truce.", ("e",), ("Beacon", "Courier"))
AID = KeyPoint("Aid convoys are expected within a week.", ("e",), ("Beacon", "Courier"))
LOW = "About 25,000 people have been displaced, officials said."
HIGH = "About 40,000 people have been displaced, officials said."
FEWER = KeyPoint(LOW, (LOW,), ("Courier",), (HIGH,))
MORE = KeyPoint(HIGH, (HIGH,), ("Beacon",), (LOW,))
GUNS = KeyPoint("Heavy artillery is to be pulled back.", ("e",), ("Courier", "Beacon"))


def _story(points: list[KeyPoint], **times: datetime | None) -> StoryView:
    sources = [
        SourceView("Beacon", "Truce", "https://beacon.example/1"),
        SourceView("Courier", "Truce", "https://courier.example/2"),
    ]
    return StoryView(
        5,
        "Truce agreed in Geneva",
        MARCH_10,
        times.pop("updated_at", None) or MARCH_10,
        points,
        sources,
        revision=2,
        **times,  # type: ignore[arg-type]
    )


def _bullets(text: str) -> list[str]:
    """The point lines: a bullet each, or "↳" for a disputed figure's other version."""
    return [line for line in text.splitlines() if line.startswith(("• ", "↳ "))]


def test_a_push_shows_both_versions_of_a_disputed_figure_or_neither() -> None:
    story = _story([TRUCE, AID, FEWER, MORE, GUNS])
    # The reader asked for 3: the third point is disputed, so its rival comes with it.
    shown = _bullets(render_story(story, points=3))
    assert len(shown) == 4
    assert LOW in shown[2]
    assert "(Courier)" in shown[2]
    assert shown[3].startswith("↳ <i>Outlets disagree:</i> " + HIGH)
    assert "(Beacon)" in shown[3]
    # With room for 2 neither version is shown: the push never picks a side.
    two = render_story(story, points=2)
    assert LOW not in two
    assert HIGH not in two
    assert len(_bullets(two)) == 2


def test_the_versions_of_a_disputed_figure_are_shown_side_by_side() -> None:
    # A new outlet disputes a figure shown before: new points come first, its rival with it.
    story = _story([TRUCE, FEWER, AID, MORE])
    shown = _bullets(render_story(story, points=1, new={HIGH}))
    assert len(shown) == 2
    assert shown[0].startswith("• 🆕 " + HIGH)
    assert shown[1].startswith("↳ <i>Outlets disagree:</i> " + LOW)
    in_order = [TRUCE, FEWER, AID, MORE]
    assert [p.text for p in cut_points(in_order, 3)] == [TRUCE.text, LOW, HIGH]
    assert [p.text for p in cut_points(in_order, None)] == [TRUCE.text, LOW, HIGH, AID.text]


def test_an_update_shows_every_new_point_whatever_the_readers_number() -> None:
    # Sending marks the revision seen: a new point left out here would never be sent.
    story = _story([TRUCE, FEWER, MORE, GUNS])
    prefs = Preferences().with_points(1)
    unit = Unit(1, 100, (Item(9, story.id, 1, seen_revision=1, reply_to=77),), False, prefs)
    seen = {(story.id, 1): frozenset({TRUCE.text})}
    [rendered] = render_unit(unit, [story], seen)
    assert rendered.text is not None
    assert rendered.reply_to == 77
    bullets = _bullets(rendered.text)
    assert [LOW in b or HIGH in b for b in bullets] == [True, True, False]
    assert GUNS.text in bullets[2]


def test_latest_shows_when_each_story_last_changed() -> None:
    moved = _story([TRUCE], published_at=MARCH_10, updated_at=MARCH_11, moved_at=MARCH_11)
    quiet = _story([AID], published_at=MARCH_10)
    text = render_latest([moved, quiet], zone="Europe/Kyiv")
    lines = text.splitlines()
    assert lines[0].startswith("#5 · <i>updated 14:05 Kyiv, 11 Mar</i> · <b>Truce")
    assert lines[1].startswith("#5 · <i>08:00 Kyiv, 10 Mar</i> · <b>Truce")
    uk = render_latest([moved], lang="uk", zone="Europe/Kyiv")
    assert "оновлено 14:05 Київ, 11 березня" in uk
    ru = render_latest([moved], lang="ru", zone="Europe/Kyiv")
    assert "обновлено 14:05 Киев, 11 марта" in ru


def test_an_opened_story_says_when_it_was_first_reported_and_when_updated() -> None:
    moved = _story([TRUCE], published_at=MARCH_10, updated_at=MARCH_11, moved_at=MARCH_11)
    header = render_story(moved, zone="Europe/Kyiv").splitlines()[0]
    assert header.endswith("<i>(08:00 Kyiv, 10 Mar · updated 14:05 Kyiv, 11 Mar)</i>")
    quiet = _story([TRUCE], published_at=MARCH_10, updated_at=MARCH_11)
    header = render_story(quiet, zone="Europe/Kyiv").splitlines()[0]
    assert header.endswith("<i>(08:00 Kyiv, 10 Mar)</i>")


def test_a_story_updated_the_same_day_says_only_the_time_of_the_update() -> None:
    first = datetime(2026, 11, 30, 20, 42, tzinfo=UTC)  # 22:42 in Kyiv
    same_day = _story([TRUCE], published_at=first, moved_at=first.replace(minute=48))
    headers = {
        lang: render_story(same_day, lang=lang, zone="Europe/Kyiv").splitlines()[0]
        for lang in ("en", "uk", "ru")
    }
    assert headers["en"].endswith("<i>(22:42 Kyiv, 30 Nov · updated 22:48)</i>")
    assert headers["uk"].endswith("<i>(22:42 Київ, 30 листопада · оновлено 22:48)</i>")
    assert headers["ru"].endswith("<i>(22:42 Киев, 30 ноября · обновлено 22:48)</i>")
    # 00:10 in Kyiv is the next day there, though still 30 November in UTC: the date is said.
    after_midnight = _story(
        [TRUCE], published_at=first, moved_at=first.replace(hour=22, minute=10)
    )
    header = render_story(after_midnight, zone="Europe/Kyiv").splitlines()[0]
    assert header.endswith("<i>(22:42 Kyiv, 30 Nov · updated 00:10 Kyiv, 1 Dec)</i>")


def test_an_update_shows_a_new_figure_next_to_its_rival_not_in_story_order() -> None:
    story = _story([FEWER, TRUCE, GUNS, MORE])
    unit = Unit(
        1, 100, (Item(9, story.id, 1, seen_revision=1, reply_to=77),), False, Preferences()
    )
    [rendered] = render_unit(unit, [story], {(story.id, 1): frozenset()})
    assert rendered.text is not None
    bullets = _bullets(rendered.text)
    assert LOW in bullets[0]
    assert HIGH in bullets[1]


def test_a_storys_timeline_dates_its_first_report_as_the_push_did() -> None:
    # Published at 08:00 Kyiv, read by the bot at 08:25, moved at 14:05 the next day.
    story = _story([TRUCE, AID], published_at=MARCH_10, moved_at=MARCH_11)
    read = MARCH_10.replace(minute=25)
    entries = [
        TimelineEntry(1, read, ("Beacon",), (TRUCE.text,)),
        TimelineEntry(2, MARCH_11, ("Beacon", "Courier"), (AID.text,)),
    ]
    push = render_story(story, zone="Europe/Kyiv")
    timeline = render_timeline(story, entries, translator("en"), "Europe/Kyiv")
    first, update = timeline.split("\n\n")[1:]
    assert "08:00 Kyiv, 10 Mar" in push
    assert first.startswith("<i>08:00 Kyiv, 10 Mar</i> · <b>First report</b>")
    assert update.startswith("<i>14:05 Kyiv, 11 Mar</i> · <b>Update 1</b>")


def test_a_storys_timeline_shows_what_a_correction_changed() -> None:
    corrected = KeyPoint(LOW, (LOW,), ("Courier",), (), (HIGH,))
    story = _story([TRUCE, corrected], published_at=MARCH_10)
    entries = [
        TimelineEntry(1, MARCH_10, ("Courier",), (TRUCE.text, HIGH)),
        TimelineEntry(2, MARCH_11, ("Courier",), (LOW,), (corrected,)),
    ]
    timeline = render_timeline(story, entries, translator("en"), "UTC")
    update = timeline.split("\n\n")[2].splitlines()
    assert update[1:] == [
        f"• {LOW}",
        "↳ <i>Corrected:</i> <s>About 40,000 people</s> → About 25,000 people",
    ]
    removed = TimelineEntry(3, MARCH_11, ("Courier",), (), withdrawn=(TRUCE.text,))
    last = render_timeline(story, [*entries, removed], translator("en"), "UTC").split("\n\n")[3]
    assert last.splitlines()[1:] == [
        f"• <i>No longer reported (removed by its outlet):</i> <s>{TRUCE.text}</s>"
    ]


def test_an_update_repeats_the_version_the_reader_has_of_a_figure_another_outlet_disputes() -> (
    None
):
    story = _story([TRUCE, FEWER, MORE])
    unit = Unit(
        1, 100, (Item(9, story.id, 2, seen_revision=1, reply_to=77),), False, Preferences()
    )
    [rendered] = render_unit(unit, [story], {(story.id, 1): frozenset({TRUCE.text, LOW})})
    assert rendered.text is not None
    assert rendered.text.splitlines()[1:3] == [
        f"• {HIGH} <i>(Beacon)</i>",
        f"↳ <i>Outlets disagree. The other version, sent before:</i> {LOW} <i>(Courier)</i>",
    ]
    # Both versions new: shown as a push shows them, neither said to have been sent before.
    [both] = render_unit(unit, [story], {(story.id, 1): frozenset({TRUCE.text})})
    assert both.text is not None
    assert "sent before" not in both.text
    assert _bullets(both.text) == [
        f"• {LOW} <i>(Courier)</i>",
        f"↳ <i>Outlets disagree:</i> {HIGH} <i>(Beacon)</i>",
    ]


def test_a_disputed_figures_other_version_says_outlets_disagree_in_the_readers_language() -> None:
    story = _story([TRUCE, FEWER, MORE])
    uk = render_story(story, lang="uk").splitlines()
    assert uk[1].startswith("• " + TRUCE.text)
    assert uk[2].startswith("• " + LOW)
    assert uk[3].startswith("↳ <i>Видання розходяться:</i> " + HIGH)
    ru = render_story(story, lang="ru")
    assert "↳ <i>Издания расходятся:</i> " + HIGH in ru


def test_an_update_correcting_a_figure_shows_the_changed_words_struck_through() -> None:
    corrected = KeyPoint(LOW, (LOW,), ("Courier",), (), (HIGH,))
    story = _story([TRUCE, corrected])
    unit = Unit(
        1, 100, (Item(9, story.id, 2, seen_revision=1, reply_to=77),), False, Preferences()
    )
    [rendered] = render_unit(unit, [story], {(story.id, 1): frozenset({TRUCE.text, HIGH})})
    assert rendered.text is not None
    assert rendered.text.splitlines()[1:3] == [
        f"• {LOW} <i>(Courier)</i>",
        "↳ <i>Corrected:</i> <s>About 40,000 people</s> → About 25,000 people",
    ]
    uk = Unit(1, 100, unit.items, False, Preferences(language="uk"))
    [ukrainian] = render_unit(uk, [story], {(story.id, 1): frozenset({TRUCE.text, HIGH})})
    assert "↳ <i>Виправлено:</i> <s>About 40,000 people</s>" in (ukrainian.text or "")


def test_a_correction_rewriting_most_of_a_sentence_shows_the_first_version_whole() -> None:
    first = "Envoys will meet in Geneva on Monday to sign the truce, officials said."
    rewritten = "The signing in Geneva was postponed until further notice, officials said."
    story = _story([KeyPoint(rewritten, (rewritten,), ("Courier",), (), (first,))])
    lines = render_story(story, lang="ru", new=(rewritten,)).splitlines()
    assert lines[2] == f"↳ <i>Исправлено; сначала сообщалось:</i> <s>{first}</s>"


def test_a_digest_marks_a_corrected_point_new_and_says_what_it_replaces() -> None:
    corrected = KeyPoint(LOW, (LOW,), ("Courier",), (), (HIGH,))
    story = _story([TRUCE, corrected])
    ru = render_story(story, lang="ru", new=(LOW,)).splitlines()
    assert ru[1:3] == [
        f"• 🆕 {LOW} <i>(Courier)</i>",  # what is new comes first
        "↳ <i>Исправлено:</i> <s>About 40,000 people</s> → About 25,000 people",
    ]
    # Not new to the reader: the point alone, no history under it.
    assert "<s>" not in render_story(story, lang="ru")


@pytest.mark.parametrize(
    ("old", "new", "spans"),
    [
        ("Russia handed over 390 prisoners.", "Russia handed over 307 prisoners.",
         [("over 390 prisoners.", "over 307 prisoners.")]),
        ("Talks ended on Tuesday after eight hours.",
         "Talks ended on Tuesday evening after nine hours.",
         [("Tuesday after eight hours.", "Tuesday evening after nine hours.")]),
        ("Each side freed 390 people, Kyiv said.", "Each side freed 307 people, Kyiv said.",
         [("freed 390 people", "freed 307 people")]),
        # Punctuation ends the phrase: no word of context across it.
        ("Talks resume on Monday, the ministry said.",
         "Talks resume on Wednesday, the ministry said.",
         [("on Monday", "on Wednesday")]),
        ("A B C D E F G H I J", "A x C D y F G z I w", None),  # four places: no short edit
        ("Talks end.", "Talks resumed in Geneva on Monday.", None),  # most words new
    ],
)  # fmt: skip
def test_a_correction_is_shown_by_its_changed_words_when_they_are_few(
    old: str, new: str, spans: list[tuple[str, str]] | None
) -> None:
    assert changed_spans(old, new) == spans
