"""What a reader sees of a headline written in capitals: sentence case with every name still a
name, as the story's own text writes it, or, when that text says nothing of the headline's
words, the headline as the outlet wrote it. Headlines, names and outlets are invented."""

from __future__ import annotations

from bot.render import headline, render_latest, render_story, render_summary
from tests.bot.conftest import PointView, SourceViewT, StoryViewT
from tests.bot.test_render_locale import MARCH_11


def _story(title: str, points: list[str], headlines: tuple[str, ...] = ()) -> StoryViewT:
    sources = [SourceViewT("Wire", title, "https://wire.example/1")]
    sources += [
        SourceViewT(f"Outlet {i}", other, f"https://o{i}.example/")
        for i, other in enumerate(headlines)
    ]
    return StoryViewT(11, title, MARCH_11, [PointView(p) for p in points], sources)


def test_an_english_headline_keeps_the_names_its_story_writes_with_capitals() -> None:
    story = _story(
        "RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN",
        ["Foreign minister Sergei Lavrov said US envoy Steve Witkoff will meet Putin on Friday."],
    )
    assert render_story(story).startswith("<b>Russia's Lavrov says Witkoff will meet Putin</b>")
    assert "<b>Russia's Lavrov says Witkoff will meet Putin</b>" in render_latest([story])


def test_another_outlets_headline_is_evidence_too_unless_it_is_in_title_case() -> None:
    story = _story(
        "ZELENSKIY MEETS ERDOGAN IN ANKARA",
        ["The two leaders discussed a prisoner exchange."],
        headlines=("Talks in Ankara: Zelenskiy meets Erdogan", "Zelenskiy Meets Erdogan Today"),
    )
    assert render_story(story).startswith("<b>Zelenskiy meets Erdogan in Ankara</b>")


def test_a_ukrainian_headline_keeps_its_inflected_names() -> None:
    story = _story(
        "ПЕРЕГОВОРИ ЗІ ЗЕЛЕНСЬКИМ У СТАМБУЛІ ЗАВЕРШИЛИСЯ",
        ["Турецька сторона провела переговори зі Зеленським у Стамбулі, вони завершилися."],
    )
    assert render_story(story, lang="uk").startswith(
        "<b>Переговори зі Зеленським у Стамбулі завершилися</b>"
    )


def test_a_russian_headline_keeps_its_inflected_names() -> None:
    title = "ЛАВРОВ И УИТКОФФ ОБСУДИЛИ ОБМЕН В ЭР-РИЯДЕ"
    evidence = ["По словам источников, Лавров и Уиткофф обсудили обмен пленными в Эр-Рияде."]
    assert headline(title, evidence) == "Лавров и Уиткофф обсудили обмен в Эр-Рияде"


def test_a_capital_at_the_start_of_a_sentence_does_not_make_a_word_a_name() -> None:
    evidence = ["Envoys met. Talks resumed. Talks stalled. Then the talks went on in Geneva."]
    assert headline("GENEVA TALKS GO ON", evidence) == "Geneva talks go on"


def test_a_headline_its_story_says_nothing_about_stays_as_the_outlet_wrote_it() -> None:
    # Lower-casing would give "Russia's lavrov says witkoff will meet Putin".
    story = _story("RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN", ["A key point."])
    assert render_story(story).startswith("<b>RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN</b>")
    assert headline("ЗЕЛЕНСЬКИЙ ЗУСТРІВСЯ З ЕРДОГАНОМ") == "ЗЕЛЕНСЬКИЙ ЗУСТРІВСЯ З ЕРДОГАНОМ"


def test_a_headline_without_names_is_calmed_when_the_story_knows_all_its_words() -> None:
    evidence = ["Officials said the ceasefire holds overnight despite shelling."]
    assert headline("CEASEFIRE HOLDS OVERNIGHT", evidence) == "Ceasefire holds overnight"


def test_a_summarized_page_with_a_headline_in_capitals_keeps_its_names() -> None:
    text = (
        "Ukraine's delegation met Russian negotiators in Istanbul. Envoy Kellogg said that "
        "Zelenskiy and Erdogan would join the next round in Ankara."
    )
    points = [PointView("Ukraine's delegation met Russian negotiators in Istanbul.")]
    shown = render_summary(
        "KELLOGG: ZELENSKIY AND ERDOGAN TO JOIN ANKARA ROUND", "", points, text=text
    )
    assert shown.startswith("<b>Kellogg: Zelenskiy and Erdogan to join Ankara round</b>")
