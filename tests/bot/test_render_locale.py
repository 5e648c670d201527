"""Rendering in the reader's language and zone: clock times, canonical links, calm headlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.handlers.feeds import feed_problem
from bot.render import (
    headline,
    render_digest,
    render_latest,
    render_story,
    render_time,
    shown_url,
)
from bot.render_setup import render_feeds
from tests.bot.conftest import PointView, SourceViewT, StoryViewT
from tests.servers.telegram_html import check_html

MARCH_11 = datetime(2025, 3, 11, 12, 5, tzinfo=UTC)  # 14:05 in Kyiv


def _story(title: str = "Talks resume", url: str = "https://x.example/a?utm_source=tg&id=3"):
    return StoryViewT(
        7, title, MARCH_11, [PointView("Both sides met.")], [SourceViewT("Outlet", "T", url)]
    )


def test_times_are_clock_times_in_the_readers_zone() -> None:
    assert render_time(MARCH_11, "Europe/Kyiv") == "14:05 Kyiv, 11 Mar"
    assert render_time(MARCH_11, "Europe/Kyiv", "uk") == "14:05 Київ, 11 березня"
    assert render_time(MARCH_11, "Europe/Kyiv", "ru") == "14:05 Киев, 11 марта"
    assert render_time(MARCH_11) == "12:05 UTC, 11 Mar"
    assert render_time(MARCH_11, "Not/A_Zone") == "12:05 UTC, 11 Mar"


def test_a_month_is_never_cut_to_a_word_of_its_own() -> None:
    # "30 лист" (Ukrainian for "letter") or "5 сент" without the dot: spelled out instead.
    november_30 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    september_5 = datetime(2026, 9, 5, 9, 0, tzinfo=UTC)
    assert render_time(november_30, lang="uk") == "09:00 UTC, 30 листопада"
    assert render_time(november_30, lang="ru") == "09:00 UTC, 30 ноября"
    assert render_time(september_5, lang="ru") == "09:00 UTC, 5 сентября"
    assert render_time(september_5, lang="uk") == "09:00 UTC, 5 вересня"
    assert render_time(november_30) == "09:00 UTC, 30 Nov"  # English keeps its short names


def test_a_zone_without_a_place_is_shown_as_its_offset_from_utc() -> None:
    # POSIX names read backwards: Etc/GMT-3 is three hours ahead of UTC.
    assert render_time(MARCH_11, "Etc/GMT-3") == "15:05 UTC+3, 11 Mar"
    assert render_time(MARCH_11, "Etc/GMT+5", "uk") == "07:05 UTC-5, 11 березня"
    assert render_time(MARCH_11, "Etc/GMT", "ru") == "12:05 UTC, 11 марта"


def test_pushes_and_digests_say_when_the_news_came_out_not_how_long_ago() -> None:
    much_later = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
    push = render_story(_story(), much_later, zone="Europe/Kyiv")
    assert push.startswith("<b>Talks resume</b> <i>(14:05 Kyiv, 11 Mar)</i>")
    digest = render_digest([_story(), _story("Second")], much_later, lang="uk", zone="Europe/Kyiv")
    assert digest.startswith("<b>Дайджест: 2 новини</b>")
    assert "(14:05 Київ, 11 березня)" in digest
    for text in (push, digest):
        assert "ago" not in text
        assert "just now" not in text


def test_a_story_with_a_publication_time_shows_it() -> None:
    @dataclass(frozen=True)
    class Published(StoryViewT):
        published_at: datetime = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)

    story = Published(1, "Talks", MARCH_11, [], [])
    assert "(08:00 Kyiv, 10 Mar)" in render_story(story, zone="Europe/Kyiv")


def test_links_are_shown_canonical() -> None:
    assert (
        shown_url("https://www.x.example/a/?utm_source=tg&id=3#top") == "https://x.example/a?id=3"
    )
    assert shown_url("http://127.0.0.1:8080/feed?utm_medium=x") == "http://127.0.0.1:8080/feed"
    assert 'href="https://x.example/a?id=3"' in render_story(_story())


def test_all_caps_wire_headlines_are_shown_in_sentence_case() -> None:
    assert headline(
        "UKRAINE BACKS 30-DAY CEASEFIRE, US SAYS", ["The US says Ukraine backs a 30-day truce."]
    ) == ("Ukraine backs 30-day ceasefire, US says")
    assert headline(
        "РОСІЯ І УКРАЇНА ДОМОВИЛИСЯ ПРО ОБМІН", ["Вчора Росія і Україна домовилися про обмін."]
    ) == ("Росія і Україна домовилися про обмін")
    assert headline("Talks resume in Geneva under UN auspices") == (
        "Talks resume in Geneva under UN auspices"
    )
    assert headline("NATO") == "NATO"  # too short to be a shouted headline
    story = StoryViewT(
        7,
        "PUTIN AND ZELENSKY TO MEET IN ISTANBUL",
        MARCH_11,
        [PointView("Officials said Putin and Zelensky agreed to meet in Istanbul.")],
        [SourceViewT("Outlet", "PUTIN AND ZELENSKY TO MEET IN ISTANBUL", "https://x.example/a")],
    )
    assert render_story(story).startswith("<b>Putin and Zelensky to meet in Istanbul</b>")


def test_latest_lines_show_time_headline_and_outlets() -> None:
    two = StoryViewT(
        8,
        "Envoys meet",
        MARCH_11,
        [],
        [
            SourceViewT("A", "t", "https://a.example/1"),
            SourceViewT("B", "t", "https://b.example/2"),
        ],
    )
    text = render_latest([two, _story()], lang="ru", zone="Europe/Kyiv")
    first = text.splitlines()[0]
    assert first == "#8 · <i>14:05 Киев, 11 марта</i> · <b>Envoys meet</b> (2 издания)"
    assert "#7 · <i>14:05 Киев, 11 марта</i> · <b>Talks resume</b> (1 издание)" in text
    assert check_html(text)[0] is None


@dataclass(frozen=True)
class FeedView:
    url: str
    title: str | None
    healthy: bool = True
    last_ok_at: datetime | None = MARCH_11
    consecutive_errors: int = 0
    last_error: str | None = None
    links_missing: bool = False


def test_sources_show_the_site_beside_the_feed_title() -> None:
    feeds = [
        FeedView("http://127.0.0.1:8001/rss.xml?utm_source=x", "Loopback News"),
        FeedView("https://www.other.example/feed", "Loopback News", False, None, 3, "HTTP 500"),
    ]
    text = render_feeds(feeds, lang="en", zone="Europe/Kyiv", describe=feed_problem)
    assert '<a href="http://127.0.0.1:8001/rss.xml">Loopback News</a> (127.0.0.1)' in text
    assert "read 14:05 Kyiv, 11 Mar" in text
    assert "not read yet; 3 failures in a row (the site answered HTTP 500)" in text
    uk = render_feeds(feeds[1:], lang="uk", describe=feed_problem)
    assert "не прочитано; 3 збої поспіль (сайт відповів HTTP 500)" in uk


def test_sources_say_in_the_readers_language_when_a_feeds_items_have_no_link() -> None:
    feeds = [FeedView("https://a.example/rss", "Outlet A", False, links_missing=True)]
    uk = render_feeds(feeds, lang="uk", zone="Europe/Kyiv", describe=feed_problem)
    assert uk.splitlines()[1].startswith("⚠️ ")
    assert uk.endswith("; у її матеріалах немає посилань, за якими читачі могли б перейти")
    ru = render_feeds(feeds, lang="ru", zone="Europe/Kyiv", describe=feed_problem)
    assert ru.endswith("; в её материалах нет ссылок, по которым читатели могли бы перейти")
