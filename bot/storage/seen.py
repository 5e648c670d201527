"""Has this feed entry been stored already? The dedup keys: a guid within its feed, the
canonical URL anywhere, the text's hash anywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.models import Article

__all__ = ["KnownEntries", "known_article", "known_entries", "same_entry"]


def same_entry(feed_id: int | None, guid: str | None, canonical: str) -> list[ColumnElement[bool]]:
    """The stored article a feed item is: the same guid in this feed, or the same canonical URL
    anywhere (any one of the conditions)."""
    conditions = [Article.canonical_url == canonical]
    if guid and feed_id is not None:
        conditions.append((Article.feed_id == feed_id) & (Article.guid == guid))
    return conditions


def known_article(
    session: Session, feed_id: int | None, guid: str | None, canonical: str, digest: str | None
) -> bool:
    """Seen before: same guid in this feed, same canonical URL, or same text anywhere."""
    conditions = same_entry(feed_id, guid, canonical)
    if digest:
        conditions.append(Article.content_hash == digest)
    return session.scalar(select(Article.id).where(or_(*conditions)).limit(1)) is not None


@dataclass(frozen=True)
class KnownEntries:
    """Which of a feed document's guids (in that feed) and canonical URLs (in any feed) are
    stored: the cheap part of `known_article`'s test, for a whole poll at once."""

    guids: frozenset[str] = frozenset()
    canonical_urls: frozenset[str] = frozenset()

    def has(self, guid: str | None, canonical: str) -> bool:
        return canonical in self.canonical_urls or bool(guid and guid in self.guids)


def known_entries(
    db: Database, feed_id: int, guids: Iterable[str], canonical_urls: Iterable[str]
) -> KnownEntries:
    """One query per poll (per 400 entries), so a poll capped at N entries can skip the ones
    already stored before it picks the N to read."""
    wanted_guids = sorted({g for g in guids if g})
    wanted_urls = sorted(set(canonical_urls))
    found_guids: set[str] = set()
    found_urls: set[str] = set()
    step = 400  # SQLite's older builds allow 999 bound parameters
    with db.session() as session:
        for start in range(0, max(len(wanted_guids), len(wanted_urls)), step):
            some_guids, some_urls = (
                wanted_guids[start : start + step],
                wanted_urls[start : start + step],
            )
            rows = session.execute(
                select(Article.feed_id, Article.guid, Article.canonical_url).where(
                    or_(
                        Article.canonical_url.in_(some_urls),
                        (Article.feed_id == feed_id) & Article.guid.in_(some_guids),
                    )
                )
            )
            for row_feed, row_guid, row_url in rows:
                found_urls.add(row_url)
                if row_feed == feed_id and row_guid:
                    found_guids.add(row_guid)
    return KnownEntries(frozenset(found_guids), frozenset(found_urls))
