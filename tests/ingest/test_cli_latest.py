"""`python -m bot latest`: what an analyst reads in the terminal about each story."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.cli import format_stories
from bot.storage.stories import SourceView, StoryView
from summarizer import KeyPoint


def test_latest_shows_key_points_with_their_outlets_times_and_each_link() -> None:
    story = StoryView(
        id=7,
        title="Ukraine backs 30-day cease-fire",
        created_at=datetime(2025, 3, 11, 16, 5, tzinfo=UTC),
        updated_at=datetime(2025, 3, 11, 18, 40, tzinfo=UTC),
        published_at=datetime(2025, 3, 11, 16, 0, tzinfo=UTC),
        key_points=[
            KeyPoint("Ukraine backs a 30-day cease-fire.", ("e",), ("Reuters", "AP")),
            KeyPoint("The Kremlin will study the offer.", ("e",), ("AP",)),
        ],
        sources=[
            SourceView("Reuters", "Ukraine backs truce", "https://reuters.example/a"),
            SourceView("AP", "Kyiv agrees to truce", "https://ap.example/b"),
        ],
        revision=2,
    )

    text = format_stories([story])

    assert "#7  Ukraine backs 30-day cease-fire" in text
    assert "first reported 2025-03-11 16:00 UTC, changed 2025-03-11 18:40 UTC, 2 outlets" in text
    assert "  • Ukraine backs a 30-day cease-fire.  (Reuters, AP)" in text
    assert "  • The Kremlin will study the offer.  (AP)" in text
    assert "    Reuters: https://reuters.example/a" in text
    assert "    AP: https://ap.example/b" in text


def test_latest_prints_the_versions_of_a_disputed_figure_side_by_side() -> None:
    low = "About 25,000 people were displaced."
    high = "About 40,000 people were displaced."
    when = datetime(2025, 3, 11, 16, 0, tzinfo=UTC)
    story = StoryView(
        id=8,
        title="Truce",
        created_at=when,
        updated_at=when,
        key_points=[
            KeyPoint(low, (low,), ("Courier",), (high,)),
            KeyPoint("A truce was agreed.", ("e",), ("Beacon", "Courier")),
            KeyPoint(high, (high,), ("Beacon",), (low,)),
        ],
        sources=[],
    )
    bullets = [line for line in format_stories([story]).splitlines() if "•" in line]
    assert bullets == [
        f"  • {low}  (Courier)",
        f"  • {high}  (Beacon)",
        "  • A truce was agreed.  (Beacon, Courier)",
    ]
