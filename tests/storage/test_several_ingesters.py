"""Several ingest processes sharing one database: each article placed once, each story
summarized by one of them at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.ingest.cluster import ClusterConfig, cluster_text
from bot.ingest.story_steps import StorySteps
from bot.storage.db import Database
from bot.storage.models import Story
from bot.storage.story_writes import (
    add_article,
    dirty_stories,
    place_article,
    unplaced_articles,
)
from tests.fakes import HashingEmbedder
from tests.ingest.conftest import FirstSentencesSummarizer
from tests.ingest.site import count, stored_talks


async def _inline(call: Callable[[], Any]) -> Any:
    return call()


def _process(database: Database) -> StorySteps:
    """One ingest process's story steps (each process has its own locks)."""
    return StorySteps(database, "ceasefire", ClusterConfig(), FirstSentencesSummarizer(), _inline)


async def test_an_article_placed_by_a_peer_meanwhile_is_not_placed_again(
    database: Database,
) -> None:
    add_article(database, stored_talks("https://news.example/talks"))
    # Process B's crash recovery reads the article as unplaced while process A, alive and
    # well, is placing it.
    [seen_unplaced] = unplaced_articles(database)
    embedding = HashingEmbedder(384).embed(
        [cluster_text(seen_unplaced.title, seen_unplaced.text)]
    )[0]
    placed_by_a = await _process(database).place(
        seen_unplaced, embedding, pushable=True, conflicts=()
    )

    placed_by_b = await _process(database).place(
        seen_unplaced, embedding, pushable=True, conflicts=()
    )

    assert placed_by_a[1]  # A started the story
    assert placed_by_b == (placed_by_a[0], False)  # B found it there: no second story
    assert count(database, Story) == 1


async def test_a_story_a_peer_is_summarizing_is_left_to_it(database: Database) -> None:
    article_id = add_article(database, stored_talks("https://news.example/talks"))
    assert article_id is not None
    place_article(database, article_id, None, topic="ceasefire", pushable=True)
    [story_id] = dirty_stories(database)
    summarizer = FirstSentencesSummarizer()
    mine = StorySteps(database, "ceasefire", ClusterConfig(), summarizer, _inline)

    with database.claimed(f"story-summary:{story_id}") as peer_has_it:
        assert peer_has_it
        while_peer_works = await mine.summarize_dirty()
    after_peer_stopped = await mine.summarize_dirty()

    if database.dialect == "postgresql":
        assert while_peer_works == 0  # not summarized twice at once
    else:  # SQLite serves one process: there is no peer to leave it to
        assert while_peer_works == 1
    assert while_peer_works + after_peer_stopped == 1
    assert len(summarizer.calls) == 1
