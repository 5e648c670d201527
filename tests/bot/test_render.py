"""Rendering: every outside text escaped, messages split at line breaks under 4096 characters
of what the reader sees (Telegram counts the text after parsing the markup, not the HTML)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.delivery.split import (
    MAX_ENTITIES,
    MAX_MARKUP,
    MAX_MESSAGE,
    html_to_plain,
    split_message,
)
from bot.render import (
    MAX_TITLE,
    cap_title,
    esc,
    render_latest,
    render_story,
    render_time,
)
from bot.render_summary import render_summary
from bot.storage.models import utcnow
from bot.storage.stories import SourceView, StoryView
from summarizer import KeyPoint
from tests.bot.conftest import PointView, SourceViewT, StoryViewT
from tests.servers.telegram_html import check_html


def shown(part: str) -> str:
    """The part as the reader sees it: what Telegram's 4096 limit counts."""
    error, text = check_html(part)
    assert error is None, part[:80]
    return text


def _story(title: str = "Talks resume", points: tuple[str, ...] = ("Both sides met.",)):
    now = utcnow()
    return StoryViewT(
        1,
        title,
        now - timedelta(hours=3),
        [PointView(p) for p in points],
        [SourceViewT("Reuters & Co", "T", "https://x.example/a?b=1&c=<2>")],
    )


def test_outside_text_is_escaped_everywhere() -> None:
    story = _story('<b>Truce</b> & "peace"', ("x < y & z > w",))
    text = render_story(story, utcnow())
    assert "<b>Truce</b> &" not in text
    assert "&lt;b&gt;Truce&lt;/b&gt; &amp;" in text
    assert "x &lt; y &amp; z &gt; w" in text
    assert check_html(text)[0] is None  # Telegram would accept it


def test_story_shows_title_time_points_and_linked_sources() -> None:
    story = _story()
    text = render_story(story, utcnow())
    assert text.startswith(f"<b>Talks resume</b> <i>({story.created_at:%H:%M} UTC, ")
    assert "• Both sides met." in text
    assert '<a href="https://x.example/a?b=1&amp;c=%3C2%3E">Reuters &amp; Co</a>' in text


def test_no_stories_says_so() -> None:
    assert "No stories yet" in render_latest([])


def test_long_text_is_split_at_line_breaks_under_the_limit() -> None:
    lines = [f"<b>line {i}</b> " + "word " * 30 for i in range(200)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1
    assert all(len(shown(p)) <= MAX_MESSAGE for p in parts)
    assert all(check_html(p)[0] is None for p in parts)  # no tag cut in half
    assert "\n".join(parts) == "\n".join(lines)


def test_a_single_enormous_line_is_cut_at_spaces() -> None:
    parts = split_message("word " * 3000)
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    assert sum(p.count("word") for p in parts) == 3000


def test_plain_fallback_drops_tags_and_decodes_entities() -> None:
    assert html_to_plain("<b>a &amp; b</b> &lt;c&gt;") == "a & b <c>"


def test_summary_links_the_title_when_there_is_a_url() -> None:
    text = render_summary("A <title>", "https://e.example/?a=1&b=2", [PointView("p & q")])
    assert text.splitlines()[0] == (
        '<b><a href="https://e.example/?a=1&amp;b=2">A &lt;title&gt;</a></b>'
    )
    assert "• p &amp; q" in text
    assert esc('it\'s "quoted"') == "it's &quot;quoted&quot;"


def test_a_long_key_point_left_whole_by_the_shortener_is_shown_whole() -> None:
    point = (
        "The defence minister of Varnia told the parliament in Port Alder on Thursday, in "
        "answer to a question from the opposition about the incidents on the border near "
        "Kestrel over the past three weeks of the truce, that his drones had, so far, never "
        "crossed into the airspace of Lestovia, whatever the Lestovian army says."
    )
    assert len(point) > 300
    parts = split_message(render_summary("Truce", "", [PointView(point)]))
    assert len(parts) == 1
    assert f"• {point}" in shown(parts[0])


def test_a_5000_character_title_is_capped_and_the_story_keeps_its_links() -> None:
    title = "Negotiators report progress " + "and more detail " * 320
    assert len(title) > 5000
    text = render_story(_story(title=title), utcnow())
    headline = text.splitlines()[0]
    assert headline.startswith("<b>Negotiators report progress and more detail")
    assert "detail …</b>" not in headline
    assert headline.endswith("…</b> <i>(" + render_time(utcnow() - timedelta(hours=3)) + ")</i>")
    assert len(check_html(headline)[1]) < MAX_TITLE + 20
    parts = split_message(text)
    assert len(parts) == 1
    assert check_html(parts[0])[0] is None
    assert '<a href="https://x.example/a?b=1&amp;c=%3C2%3E">' in parts[0]


def test_titles_are_cut_on_a_word_boundary_before_escaping() -> None:
    capped = cap_title("ceasefire " * 100)
    assert len(capped) <= MAX_TITLE
    assert capped.endswith("ceasefire…")
    assert cap_title("Short & sweet") == "Short & sweet"
    escaped = esc(cap_title("&" * 1000))
    assert check_html(f"<b>{escaped}</b>")[0] is None
    summary = render_summary("A&B " * 2000, "https://e.example/", [PointView("p")])
    assert check_html(summary)[0] is None
    assert len(check_html(summary)[1]) < MAX_TITLE + 20


def test_one_enormous_bold_block_is_split_with_its_tags_closed_and_reopened() -> None:
    text = (
        "<b>" + "truce " * 2000 + "</b>\n" + '<a href="https://x.example/?a=1&amp;b=2">source</a>'
    )
    parts = split_message(text, limit=1000)
    assert len(parts) > 1
    for part in parts:
        assert len(shown(part)) <= 1000
    assert all(p.startswith("<b>") for p in parts[:-1])
    assert parts[-1].endswith('<a href="https://x.example/?a=1&amp;b=2">source</a>')
    seen = " ".join(check_html(p)[1] for p in parts)
    assert seen.split() == check_html(text)[1].split()


def test_a_split_never_falls_inside_an_entity_or_a_link() -> None:
    entities = "&amp;&lt;&gt;&quot;" * 400  # no space or line break anywhere
    link = '<a href="https://x.example/' + "p" * 200 + '">' + "&amp;" * 300 + "</a>"
    for text in (entities, link * 6, "<i>" + entities + "</i>"):
        parts = split_message(text, limit=700)
        assert all(len(shown(p)) <= 700 for p in parts)
        assert "".join(check_html(p)[1] for p in parts) == check_html(text)[1]


def test_a_title_with_a_right_to_left_override_is_shown_without_it() -> None:
    text = render_summary("Talks \u202eespalloc\u202c\u200b today", "", [PointView("p")])
    assert text.splitlines()[0] == "<b>Talks espalloc today</b>"


def test_at_any_limit_every_part_shows_text_and_together_they_show_it_all() -> None:
    for size in range(40, 60):
        text = "<b>" + "x" * size + "</b>"
        for limit in range(20, 60):
            parts = split_message(text, limit=limit)
            assert all(check_html(p)[1].strip() for p in parts), (size, limit, parts)
            assert "".join(check_html(p)[1] for p in parts) == "x" * size


def test_each_point_names_its_outlets_and_each_outlet_is_linked_once() -> None:
    first = datetime(2025, 3, 11, 16, tzinfo=UTC)
    story = StoryView(
        id=1,
        title="Truce",
        created_at=first,
        updated_at=first,
        key_points=[
            KeyPoint("Ukraine backs a truce.", ("e",), ("Reuters", "AP", "BBC", "DW")),
            KeyPoint("Moscow will study it.", ("e",), ("AP",)),
        ],
        sources=[
            SourceView("Reuters", "t", "https://reuters.example/a?utm_source=rss"),
            SourceView("Reuters", "t", "https://reuters.example/a"),
            SourceView("AP", "t", "https://ap.example/b"),
            SourceView("BBC", "t", "https://bbc.example/c"),
            SourceView("DW", "t", "https://dw.example/d"),
        ],
        revision=1,
    )
    text = render_story(story)
    assert "• Ukraine backs a truce. <i>(Reuters, AP +2)</i>" in text
    assert "• Moscow will study it. <i>(AP)</i>" in text
    assert "4 outlets report this:" in text
    assert text.count("reuters.example") == 1
    assert "utm_source" not in text


# -- what Telegram counts ------------------------------------------------------------------------

OUTLETS = [
    "Reuters", "AP News", "BBC News", "The Guardian", "Kyiv Independent", "Ukrainska Pravda",
    "Meduza", "Al Jazeera", "France 24", "DW", "Politico Europe", "The New York Times",
    "Washington Post", "Financial Times", "Bloomberg", "CNN", "Sky News", "Euronews", "RFE/RL",
    "Novaya Gazeta Europe", "Interfax-Ukraine", "Ukrinform", "NV.ua", "LIGA.net", "Suspilne",
    "The Moscow Times", "TASS", "RBC", "Kommersant", "Axios",
]  # fmt: skip


def _widely_reported() -> StoryView:
    """A story 30 outlets report, each with a long article link, five points long."""
    at = datetime(2026, 11, 29, 12, 5, tzinfo=UTC)
    path = "world/europe/ukraine-russia-ceasefire-talks-geneva-envoys-meet-2026-11-29"
    sources = [
        SourceView(o, "t", f"https://www.outlet{i}.example/{path}/{'live-updates-' * 4}")
        for i, o in enumerate(OUTLETS)
    ]
    points = [
        KeyPoint(f'Point {n}: the "framework" & the prisoner swap were discussed.', (), tuple(
            OUTLETS[n : n + 6]
        ))
        for n in range(5)
    ]  # fmt: skip
    title = "Geneva talks: sides agree prisoner swap, cease-fire framework in sight"
    return StoryView(7, title, at, at, points, sources, 1, published_at=at)


def test_a_story_thirty_outlets_report_arrives_as_one_message() -> None:
    text = render_story(_widely_reported(), lang="uk", zone="Europe/Kyiv", points=5)
    assert len(text) > MAX_MESSAGE  # the HTML, links and all; the reader sees a quarter of it
    assert split_message(text) == [text]
    sources = text.splitlines()[-1]
    assert sources.startswith("Про це пишуть 30 видань: ")
    assert sources.count("<a href=") == 20  # Telegram formats only a message's first 100
    assert sources.endswith(">Novaya Gazeta Europe</a> +10")


def test_markup_heavy_text_is_split_by_what_it_shows_within_a_bound_on_its_html() -> None:
    link = '<a href="https://x.example/' + "p" * 60 + '">link</a>'
    text = "\n".join([link] * 200)  # about 19,000 characters of HTML showing 1,200
    parts = split_message(text)
    assert all(len(p) <= MAX_MARKUP for p in parts)
    assert len(parts) == 3  # by the HTML bound alone: the text would fit one message
    assert "\n".join(parts) == text


def test_a_message_never_carries_more_entities_than_telegram_formats() -> None:
    text = "\n".join(f"<b>{n}.</b> <i>talks</i>" for n in range(80))  # 160 entities
    parts = split_message(text)
    assert len(parts) == 2
    assert all(p.count("<b>") + p.count("<i>") <= MAX_ENTITIES for p in parts)
    assert "\n".join(parts) == text


def test_a_point_without_spaces_is_never_cut_down_to_a_lone_bullet() -> None:
    at = datetime(2026, 3, 11, 12, 5, tzinfo=UTC)
    point = KeyPoint("停火谈判" * 1100, (), (), ())  # Chinese: no space to cut at
    text = render_story(StoryView(9, "停火", at, at, [point], [], 1, published_at=at))
    parts = [shown(p) for p in split_message(text)]
    assert all(len(p.replace("•", "").strip()) > 10 for p in parts)
    assert "".join(parts).replace("\n", "") == shown(text).replace("\n", "")


def test_an_outlet_with_several_reports_is_linked_once_by_its_first() -> None:
    at = datetime(2026, 3, 11, 12, 5, tzinfo=UTC)
    sources = [
        SourceView("reuters.com", "t", "https://www.reuters.com/world/talks-1"),
        SourceView("reuters.com", "t", "https://www.reuters.com/world/talks-2"),
    ]
    story = StoryView(3, "Talks resume", at, at, [KeyPoint("P.", ())], sources, 1)
    assert render_story(story).splitlines()[-1] == (
        '1 outlet reports this: <a href="https://reuters.com/world/talks-1">reuters.com</a>'
    )
    with_ap = replace(story, sources=[*sources, SourceView("AP", "t", "https://ap.example/a")])
    assert render_story(with_ap).splitlines()[-1] == (
        '2 outlets report this: <a href="https://reuters.com/world/talks-1">reuters.com</a>, '
        '<a href="https://ap.example/a">AP</a>'
    )


def test_latest_says_it_shows_fewer_than_asked_only_when_there_are_more_to_page_to() -> None:
    stories = [_story(f"Story {n}") for n in range(3)]
    every_one = render_latest(stories, capped_from=50, more=False)
    assert every_one.startswith(f"#{stories[0].id} · ")
    assert "asked for" not in every_one
    some = render_latest(stories, capped_from=50, more=True)
    assert some.splitlines()[0] == (
        "Showing the newest 3 of the 50 asked for; the buttons page on."
    )
