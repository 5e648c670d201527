"""Which of a feed's entries a poll reads: the newest not stored yet, up to a cap."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.ingest.dedup import canonical_url, usable_link
from bot.ingest.parse import FeedEntry
from bot.storage.seen import KnownEntries

__all__ = ["entries_to_read"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _canonical(link: str) -> str | None:
    """The link's canonical URL; None when it is no link subscribers could be sent to."""
    return canonical_url(link) if usable_link(link) else None


def entries_to_read(
    entries: Sequence[FeedEntry], cap: int, known: KnownEntries | None = None
) -> tuple[list[FeedEntry], int]:
    """The newest `cap` entries by date not stored yet, oldest first, and how many of those
    were left out (for later polls).

    Entries already stored (`known`) or without a web link are dropped before the cap, else a
    long feed would read the same stored entries every poll and never reach the older ones.
    Feeds list in any order (some oldest first), so document order says nothing about what is
    new; undated entries keep their place after the dated ones. Reading oldest first lets the
    first report of a development start its story and later ones join it.
    """
    known = known or KnownEntries()
    entries = [
        e
        for e in entries
        if (url := _canonical(e.link)) is not None and not known.has(e.guid, url)
    ]
    indexed = list(enumerate(entries))
    newest = sorted(
        indexed, key=lambda item: (item[1].published or _EPOCH, -item[0]), reverse=True
    )
    chosen = sorted(newest[:cap], key=lambda item: (item[1].published or _EPOCH, item[0]))
    return [entry for _, entry in chosen], max(len(entries) - cap, 0)
