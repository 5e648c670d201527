"""Sites put links to their top stories inside a report's text ("Читайте також: <headline>",
"Read more: ..."), often about the talks. Ingestion drops those lines from pages and feeds,
so a front-line report linking to a talks story is not taken for talks news, and another
story's headline never becomes this one's point."""

from __future__ import annotations

import pytest

from bot.ingest.boilerplate import drop_cross_links
from bot.ingest.parse import parse_feed
from bot.storage.models import Article, Story
from tests.ingest.feeds import Item, rss
from tests.ingest.site import count, serve_feed, serve_story
from tests.ingest.test_relevance_cyrillic import UK_TALKS, UK_VILLAGE

TALKS_LINK = "Читайте також: Делегації України та Росії провели переговори про перемир'я"


async def test_a_front_line_report_linking_to_a_talks_story_is_not_talks_news(
    site, make_ingestor, database
) -> None:
    village = serve_story(site, "/ua/village", UK_VILLAGE[0], [UK_VILLAGE[1], TALKS_LINK])
    talks = serve_story(site, "/ua/talks", UK_TALKS[0], [UK_TALKS[1]])
    feed = serve_feed(site, "/ua.xml", "Українське видання", [village, talks])

    ingestor = make_ingestor([feed], relevance_threshold=None)
    report = await ingestor.poll_once()

    assert [(f.new, f.on_topic) for f in report.feeds] == [(2, 1)]
    assert count(database, Story) == 1
    assert count(database, Article) == 2
    with database.session() as session:
        stored = [a.text for a in session.query(Article).all()]
    assert not any("Читайте також" in text for text in stored)


def test_a_feeds_read_more_line_inside_the_text_is_dropped() -> None:
    description = (
        "<p>Envoys met in Jeddah on Tuesday.</p>"
        "<p>Read more: Kremlin says it will study the truce plan</p>"
        "<p>Talks resume on Friday.</p>"
    )
    feed = parse_feed(rss("Outlet", [Item("Talks", "https://x.example/1", description)]))
    assert feed.entries[0].summary == "Envoys met in Jeddah on Tuesday.\nTalks resume on Friday."


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        (TALKS_LINK, True),
        ("ЧИТАЙТЕ ТАКЖЕ: Путин ответил на предложение США", True),
        ("Дивіться також: відео з місця обміну", True),
        ("ALSO READ | Kremlin answers the US plan", True),
        ("Related: Talks in Jeddah", True),
        ("По теме:", True),
        ("Related talks are set for Friday in Istanbul, officials said.", False),
        ("На тему переговоров высказался Песков.", False),
        ("Read more about the plan: " + "envoys met in Jeddah and agreed on a text " * 4, False),
    ],
)
def test_only_a_short_line_opening_with_a_link_phrase_is_dropped(line: str, dropped: bool) -> None:
    text = f"Envoys met in Jeddah.\n{line}\nTalks resume on Friday."
    assert (line not in drop_cross_links(text)) is dropped
