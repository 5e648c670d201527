"""Rendering: every outside text escaped, messages split under 4096 at line breaks."""

from __future__ import annotations

from datetime import timedelta

from bot.render import (
    MAX_MESSAGE,
    esc,
    html_to_plain,
    render_latest,
    render_story,
    render_summary,
    split_message,
)
from bot.storage.models import utcnow
from tests.bot.conftest import PointView, SourceViewT, StoryViewT
from tests.servers.telegram_api import check_html


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
    assert all(len(p) <= MAX_MESSAGE for p in parts)
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
