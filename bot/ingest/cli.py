"""What `python -m bot ingest --once` and `python -m bot latest -n N` do."""

from __future__ import annotations

import logging
from typing import TextIO

from bot.ingest.pipeline import IngestReport
from bot.ingest.topic import load_topic
from bot.storage.db import Database
from bot.storage.stories import StoryView, latest_stories
from config import Settings
from summarizer.cut import cut_points

__all__ = ["cut", "format_report", "format_stories", "print_latest"]

log = logging.getLogger(__name__)


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(report: IngestReport) -> str:
    """The poll as a table: feed, new, on-topic, stories, errors."""
    rows = [("feed", "new", "on-topic", "stories", "errors")]
    for feed in report.feeds:
        name = cut(feed.title or feed.url, 48)
        # Items no link could be made of are never read: a feed of only those looks empty.
        unlinked = f"{feed.unlinked} items without a link" if feed.unlinked else ""
        problem = feed.error or unlinked
        rows.append((name, str(feed.new), str(feed.on_topic), str(feed.stories), problem))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in (1, 2, 3)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    total_new = sum(f.new for f in report.feeds)
    failed = sum(1 for f in report.feeds if f.error)
    corrected = sum(f.corrected for f in report.feeds)
    lines.append(
        f"{len(report.feeds)} feeds, {total_new} new articles, "
        f"{len(report.new_story_ids)} new stories to push, {failed} feeds failed"
        + (f", {corrected} corrected in place" if corrected else "")
    )
    return "\n".join(lines)


def format_stories(stories: list[StoryView]) -> str:
    """Stories as plain text: title, when first reported and last changed, how many outlets,
    key points with the outlets that report each, and the links."""
    if not stories:
        return "No stories yet: run `python -m bot ingest --once` first."
    blocks = []
    for story in stories:
        first = f"{story.published_at or story.created_at:%Y-%m-%d %H:%M}"
        changed = f"{story.updated_at:%Y-%m-%d %H:%M}"
        outlets = f"{story.outlet_count} outlet{'s' if story.outlet_count != 1 else ''}"
        lines = [
            f"#{story.id}  {story.title}",
            f"    first reported {first} UTC, changed {changed} UTC, {outlets}",
        ]
        for point in cut_points(story.key_points, None):  # rival figures side by side
            outlets = f"  ({', '.join(point.outlets)})" if point.outlets else ""
            lines.append(f"  • {point.text}{outlets}")
        for source in story.sources:
            lines.append(f"    {source.outlet}: {source.url}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def print_latest(settings: Settings, n: int, out: TextIO) -> int:
    """Print the `n` newest stories of the configured topic with their key points."""
    topic = load_topic(settings.topic_file)
    db = Database(settings.resolved_database_url)
    try:
        db.migrate()
        stories = latest_stories(db, n, topic.key)
    finally:
        db.dispose()
    out.write(format_stories(stories) + "\n")
    return 0
