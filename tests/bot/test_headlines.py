"""What a reader sees of a headline written in capitals: sentence case with every name still a
name, as the story's own text writes it, or, when that text says nothing of the headline's
words, the headline as the outlet wrote it. Headlines, names and outlets are invented."""

from __future__ import annotations

from bot.render import headline, render_latest, render_story
from bot.render_summary import render_summary
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


def test_the_headline_shouted_again_atop_its_article_is_no_evidence() -> None:
    title = "RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN"
    article = (
        f"{title}\nMoscow. Foreign minister Sergei Lavrov said on Tuesday that the US envoy "
        "Steve Witkoff would meet Putin next week to discuss a ceasefire."
    )
    shown = render_summary(title, "https://wire.example/a", [], text=article)
    assert "Russia's Lavrov says Witkoff will meet Putin</a></b>" in shown.splitlines()[0]
    title = "ЛАВРОВ И УИТКОФФ ОБСУДИЛИ ОБМЕН"
    article = f"{title}\nПо словам источников, Лавров и Уиткофф обсудили обмен пленными."
    assert headline(title, [article]) == "Лавров и Уиткофф обсудили обмен"


def test_words_sentences_and_title_case_lines_in_capitals_are_no_evidence() -> None:
    evidence = ["Officials said IT systems and IT staff were hit, Ukraine said on Monday."]
    assert headline("UKRAINE SAYS IT WAS HIT", evidence) == "Ukraine says it was hit"
    evidence = [
        "Moscow. BREAKING: DATE SET FOR A MEETING, A SOURCE SAYS. Putin sets a date for talks."
    ]
    assert headline("PUTIN SETS A DATE FOR TALKS", evidence) == "Putin sets a date for talks"
    # "Backs" in the article's own title-case headline line says nothing of the word.
    article = "Kremlin Backs Truce Plan\nMoscow. The Kremlin said the truce plan was welcome."
    assert headline("KREMLIN BACKS TRUCE PLAN", [article]) == "KREMLIN BACKS TRUCE PLAN"


def test_one_known_name_does_not_lower_a_name_the_story_never_mentions() -> None:
    # Lowering would give "Lavrov says witkoff will meet Putin".
    evidence = ["Talks will go on, said Lavrov on Tuesday."]
    title = "LAVROV SAYS WITKOFF WILL MEET PUTIN"
    assert headline(title, evidence) == title
    evidence = ["Переговори тривали, сказав Зеленський у середу."]
    assert headline("ЗЕЛЕНСЬКИЙ ЗУСТРІВСЯ З ЕРДОГАНОМ", evidence) == (
        "ЗЕЛЕНСЬКИЙ ЗУСТРІВСЯ З ЕРДОГАНОМ"
    )


def test_a_word_opening_a_quotation_is_not_a_name() -> None:
    evidence = ['Zelensky said "We are ready" at a briefing in Kyiv.']
    assert headline("ZELENSKY SAYS WE ARE READY FOR TALKS", evidence) == (
        "Zelensky says we are ready for talks"
    )
    evidence = ["Зеленський сказав «Ми готові до переговорів» журналістам."]
    assert headline("ЗЕЛЕНСЬКИЙ: МИ ГОТОВІ ДО ПЕРЕГОВОРІВ", evidence) == (
        "Зеленський: ми готові до переговорів"
    )
    evidence = ['Путин сказал "Мы готовы к переговорам" журналистам.']
    assert headline("ПУТИН: МЫ ГОТОВЫ К ПЕРЕГОВОРАМ", evidence) == "Путин: мы готовы к переговорам"
    # A rarer word opening a quotation stays undecided, so the headline stays as written.
    assert headline("KYIV IS READY FOR TALKS", ['Kyiv said "Ready" to reporters.']) == (
        "KYIV IS READY FOR TALKS"
    )
    evidence = ["Посол відповів «Готові» на питання щодо переговорів."]
    assert headline("ПОСОЛ: ГОТОВІ ДО ПЕРЕГОВОРІВ", evidence) == "ПОСОЛ: ГОТОВІ ДО ПЕРЕГОВОРІВ"


def test_one_capital_does_not_make_a_common_word_a_name_but_makes_a_rare_one() -> None:
    evidence = ["The envoy resigns after the WHO report, officials said."]
    assert headline("ENVOY WHO MET PUTIN RESIGNS", evidence) == "Envoy who met Putin resigns"
    evidence = ["Delegates said the Talks would go on in Geneva."]
    assert headline("GENEVA TALKS GO ON", evidence) == "Geneva talks go on"
    evidence = ["В среду Лавров встретился с Уиткоффом в Москве."]
    assert headline("ЛАВРОВ ВСТРЕТИЛСЯ С УИТКОФФОМ", evidence) == "Лавров встретился с Уиткоффом"


def test_a_month_that_is_also_a_common_word_is_a_name_only_on_two_capitals() -> None:
    evidence = ["Talks that began in May could resume, officials in Geneva said."]
    assert headline("TALKS MAY RESUME IN GENEVA", evidence) == "TALKS MAY RESUME IN GENEVA"
    evidence = ["The offensive began in March near Kherson, troops said."]
    assert headline("TROOPS MARCH ON KHERSON", evidence) == "TROOPS MARCH ON KHERSON"
    assert headline("TALKS IN MAY", ["The talks are planned for May."]) == "TALKS IN MAY"
    # "may" in lower case may be the verb: no evidence against the month either.
    evidence = ["The envoy said talks may resume."]
    assert headline("TALKS IN MAY, SAYS ENVOY", evidence) == "TALKS IN MAY, SAYS ENVOY"
    evidence = ["The talks planned for May were put off; envoys now aim for late May."]
    assert headline("TALKS IN MAY", evidence) == "Talks in May"


def test_a_capital_must_outnumber_the_lower_case_uses() -> None:
    evidence = ["Envoys see hope for a truce, and Hope is the word in Kyiv."]
    assert headline("ENVOYS SEE HOPE FOR TRUCE", evidence) == "Envoys see hope for truce"
    evidence = ["Envoys see Hope, the new mediator, as key to a truce."]
    assert headline("ENVOYS SEE HOPE FOR TRUCE", evidence) == "Envoys see Hope for truce"


def test_a_name_with_an_apostrophe_is_written_as_the_story_writes_it() -> None:
    evidence = ["Talks will resume, said O'Brien on Monday."]
    assert headline("O'BRIEN SAYS TALKS WILL RESUME", evidence) == "O'Brien says talks will resume"
    evidence = ["Talks with O’Brien will resume on Monday, officials said."]
    assert headline("TALKS WITH O’BRIEN WILL RESUME", evidence) == (
        "Talks with O’Brien will resume"
    )
    # Nothing says how "BRIEN" is written: "O'brien" would be the bot's mistake.
    evidence = ["Talks will resume on Monday."]
    assert headline("O'BRIEN SAYS TALKS WILL RESUME", evidence) == "O'BRIEN SAYS TALKS WILL RESUME"


def test_the_readmes_examples_hold() -> None:
    evidence = ["Foreign minister Sergei Lavrov said US envoy Steve Witkoff will meet Putin."]
    assert headline("RUSSIA'S LAVROV SAYS WITKOFF WILL MEET PUTIN", evidence) == (
        "Russia's Lavrov says Witkoff will meet Putin"
    )
    evidence = ["Турецька сторона провела переговори зі Зеленським у Стамбулі."]
    assert headline("ПЕРЕГОВОРИ ЗІ ЗЕЛЕНСЬКИМ У СТАМБУЛІ", evidence) == (
        "Переговори зі Зеленським у Стамбулі"
    )
    evidence = ["Both back the plan."]
    assert headline("UN AND NATO BACK US PLAN", evidence) == "UN and NATO back US plan"
    evidence = ["Talks will go on, said Lavrov on Tuesday."]
    assert headline("LAVROV SAYS WITKOFF WILL MEET PUTIN", evidence) == (
        "LAVROV SAYS WITKOFF WILL MEET PUTIN"
    )
