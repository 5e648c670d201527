"""When an already stored feed item is worth reading again: its outlet may have corrected it.

Outlets correct reports in place (the same address, a figure or a day changed), and the feed
says so by listing the item changed: another title, excerpt, body or "updated" time. The bot
keeps a fingerprint of each item as listed and reads one again when it changes, while its
story is still followed; the story then says what changed (`bot.storage.corrections`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from bot.ingest.parse import FeedEntry
from bot.storage.corrections import StoredEntry

__all__ = ["entry_fingerprint", "only_redated", "still_followed"]


def entry_fingerprint(entry: FeedEntry) -> str:
    """A hash of what the feed says of the item (its title, excerpt and body: 32 hex digits),
    then of its "updated" time (32 more); its date of publication is left out, since some
    feeds date every item by the time the feed was built. Kept apart, the two say whether the
    words changed or only the time (`only_redated`)."""
    words = "\x1f".join((entry.title, entry.summary, entry.content))
    return _hash(words) + _hash(entry.revised)


def only_redated(stored: str, fingerprint: str) -> bool:
    """The listing changed its "updated" time, not its words: a correction beyond the excerpt,
    or a feed that re-dates every item on each build (which a poll must not let crowd out
    the items whose words changed)."""
    half = len(fingerprint) // 2
    return stored[:half] == fingerprint[:half] and stored != fingerprint


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def still_followed(stored: StoredEntry, feed_id: int, now: datetime, window: timedelta) -> bool:
    """An item the feed that stored it lists again, in a story that may still move (read within
    the story window): a change in its listing is worth reading. An item listed by two feeds is
    judged by the one that stored it only: two feeds' excerpts of it differ, and each would
    make the other read the page on every poll."""
    return (
        stored.feed_id == feed_id
        and stored.story_id is not None
        and now - stored.fetched_at <= window
    )
