"""The feeds table as the rest of the bot sees it: follow, unfollow, health, backoff.

Feeds from settings are synced in at start-up; admins add and remove more at run time. A
removed feed is disabled, not deleted, so its articles and conditional-GET state survive and a
settings sync does not bring it back behind the admin's back.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.db import Database, once_more_on_conflict
from bot.storage.models import Feed, utcnow

__all__ = [
    "FEED_LEASE",
    "MAX_BACKOFF",
    "FeedHealth",
    "FeedState",
    "add_feed",
    "backlog_left_after",
    "backoff_delay",
    "claim_owners",
    "due_feeds",
    "list_feeds",
    "record_failure",
    "record_success",
    "release_claims",
    "remove_feed",
    "renew_claim",
    "sync_feeds",
]

MAX_BACKOFF = timedelta(hours=6)
FEED_LEASE = timedelta(minutes=10)
"""How long a claim keeps peers off a feed unless renewed: longer than a feed waits and reads."""


@dataclass(frozen=True)
class FeedHealth:
    """What /sources shows: is the feed read, and if not, why and until when."""

    url: str
    title: str | None
    healthy: bool
    last_ok_at: datetime | None
    consecutive_errors: int
    last_error: str | None
    next_poll_at: datetime | None
    links_missing: bool
    """The feed answers, but none of the items it listed last has a web link: none is read."""


@dataclass(frozen=True)
class FeedState:
    """What one poll of a feed needs to know."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    first_poll: bool
    """No poll has read the feed's entries through yet: what it lists is backlog."""


def add_feed(db: Database, url: str) -> bool:
    """Follow `url` (re-enabling it if it was removed); False if it was already followed."""
    return once_more_on_conflict(lambda: _add_feed(db, url))


def _add_feed(db: Database, url: str) -> bool:
    with db.session() as session:
        feed = session.scalar(select(Feed).where(Feed.url == url))
        if feed is None:
            session.add(Feed(url=url, enabled=True, origin="admin"))
            return True
        if feed.enabled:
            return False
        feed.enabled = True
        feed.origin = "admin"
        feed.consecutive_errors = 0
        feed.next_poll_at = None
        return True


def remove_feed(db: Database, url: str) -> bool:
    """Stop following `url`; False if it was not followed."""
    with db.session() as session:
        feed = session.scalar(select(Feed).where(Feed.url == url, Feed.enabled.is_(True)))
        if feed is None:
            return False
        feed.enabled = False
        return True


def sync_feeds(db: Database, urls: Iterable[str]) -> tuple[int, int]:
    """Follow the configured feeds: (added, disabled).

    A feed that came from settings and is no longer listed stops being polled; feeds an admin
    added with /addfeed are left alone, and an admin's removal is not undone.
    """
    wanted = list(dict.fromkeys(urls))
    # Processes starting together each sync the same list.
    return once_more_on_conflict(lambda: _sync_feeds(db, wanted))


def _sync_feeds(db: Database, wanted: list[str]) -> tuple[int, int]:
    with db.session() as session:
        known = set(session.scalars(select(Feed.url).where(Feed.url.in_(wanted))))
        fresh = [url for url in wanted if url not in known]
        session.add_all(Feed(url=url, enabled=True, origin="settings") for url in fresh)
        dropped = session.scalars(
            select(Feed).where(
                Feed.enabled.is_(True), Feed.origin == "settings", Feed.url.not_in(wanted)
            )
        ).all()
        for feed in dropped:
            feed.enabled = False
        return len(fresh), len(dropped)


def list_feeds(db: Database) -> list[FeedHealth]:
    """Every followed feed with its health, in the order they were added."""
    with db.session() as session:
        feeds = session.scalars(select(Feed).where(Feed.enabled.is_(True)).order_by(Feed.id))
        return [
            FeedHealth(
                url=f.url,
                title=f.title,
                healthy=f.consecutive_errors == 0 and not f.links_missing,
                last_ok_at=f.last_ok_at,
                consecutive_errors=f.consecutive_errors,
                last_error=f.last_error,
                next_poll_at=f.next_poll_at,
                links_missing=f.links_missing,
            )
            for f in feeds
        ]


def due_feeds(
    db: Database,
    now: datetime,
    ignore_backoff: bool = False,
    *,
    owner: str | None = None,
    lease: timedelta = FEED_LEASE,
    limit: int | None = None,
    skip: Collection[int] = (),
    read_since: datetime | None = None,
) -> list[FeedState]:
    """Enabled feeds whose backoff has expired (all of them with `ignore_backoff`), by id.

    With an `owner`, the feeds are also claimed for it until the lease ends, skipping those
    another ingest process holds, so several processes share the feeds without polling one
    twice; recording the poll's outcome ends the claim. A poll takes them `limit` at a time,
    so a second process finds the rest to take instead of one process holding every feed;
    `skip` (the feeds the poll already took) and `read_since` (when it started: a feed a peer
    read meanwhile is not read again) keep its later batches to the feeds left.
    """
    with db.session() as session:
        if owner is not None:
            # Read and claim as one writer: two processes (or an `ingest --once` beside the
            # bot) would otherwise both read a feed as free and the later claim overwrite
            # the earlier, and both read it.
            db.write_first(session)
        query = select(Feed).where(Feed.enabled.is_(True)).order_by(Feed.id)
        if not ignore_backoff:
            query = query.where(Feed.next_poll_at.is_(None) | (Feed.next_poll_at <= now))
        if skip:
            query = query.where(Feed.id.not_in(list(skip)))
        if read_since is not None:
            query = query.where(Feed.last_polled_at.is_(None) | (Feed.last_polled_at < read_since))
        if owner is not None:
            query = query.where(
                (Feed.lease_until.is_(None))
                | (Feed.lease_until < now)
                | (Feed.claimed_by == owner)
            )
            if db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
        if limit is not None:
            query = query.limit(limit)
        feeds = list(session.scalars(query).all())
        if owner is not None:
            for feed in feeds:
                feed.claimed_by = owner
                feed.lease_until = now + lease
        return [
            FeedState(f.id, f.url, f.title, f.etag, f.last_modified, f.first_polled_at is None)
            for f in feeds
        ]


def renew_claim(
    db: Database, feed_id: int, owner: str, now: datetime, lease: timedelta = FEED_LEASE
) -> bool:
    """Extend `owner`'s claim on the feed as its poll starts reading it: False when the claim
    is no longer the owner's (its lease ran out while the feed waited its turn and a peer took
    it), and the feed must be left to that peer."""
    with db.session() as session:
        result = session.execute(
            update(Feed)
            .where(Feed.id == feed_id, Feed.claimed_by == owner)
            .values(lease_until=now + lease)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))


def release_feeds(db: Database, owner: str, feed_ids: Iterable[int]) -> int:
    """End `owner`'s claims on feeds it took but will not read (its poll failed), so a peer
    can take them at once rather than after the lease; how many."""
    wanted = list(feed_ids)
    return _release(db, Feed.id.in_(wanted), Feed.claimed_by == owner) if wanted else 0


def backoff_delay(consecutive_errors: int, interval: timedelta) -> timedelta:
    """Wait 1, 2, 4... poll intervals after each failure in a row, at most MAX_BACKOFF."""
    steps = min(max(consecutive_errors - 1, 0), 16)
    delay: timedelta = interval * (2**steps)
    return min(delay, max(MAX_BACKOFF, interval))


def record_success(
    db: Database,
    feed_id: int,
    *,
    title: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    left_unread: bool = False,
    backlog_read: bool = True,
    read: int = 0,
    unread: int = 0,
    links_missing: bool | None = None,
    now: datetime | None = None,
) -> None:
    """The feed answered (200 or 304): clear errors, remember the validators.

    `links_missing`: whether the listing just read had items and none with a web link (see
    FeedHealth); None (a 304) keeps what the last listing read said, as the listing is the same.
    It is no failure and does not back the feed off: a later listing may have links.

    `left_unread`: the poll did not read every entry (the per-poll cap put some off, or one
    failed), so the validators are forgotten: with them the next poll would get a 304 and
    never read those entries. `backlog_read` False: the cap left some of the feed's first
    entries for later polls, and the feed stays in its first poll (backlog, never pushed) until
    they are read, else an undated one, with nothing to say it is old, would be pushed as news.
    It stays so at most until later polls have taken up as many entries as the first one left
    (`unread` then; `read` by each later poll, stored or found stored): an outlet publishing
    between polls, its new entries read first, must not keep the feed from ever pushing.
    """
    now = now or utcnow()
    with db.session() as session:
        feed = session.get_one(Feed, feed_id)
        if title:
            feed.title = title[:512]
        if left_unread:
            feed.etag = feed.last_modified = None
        else:
            if etag is not None:
                feed.etag = etag[:512]
            if last_modified is not None:
                feed.last_modified = last_modified[:128]
        if feed.first_polled_at is None:
            feed.backlog_left = backlog_left_after(feed.backlog_left, read=read, unread=unread)
            if backlog_read or feed.backlog_left == 0:
                feed.first_polled_at = now
                feed.backlog_left = None
        feed.claimed_by = None
        feed.lease_until = None
        feed.last_polled_at = now
        feed.last_ok_at = now
        feed.consecutive_errors = 0
        feed.last_error = None
        feed.next_poll_at = None
        if links_missing is not None:
            feed.links_missing = links_missing


def backlog_left_after(before: int | None, *, read: int, unread: int) -> int:
    """How many entries of a feed's first listing are still to read after a poll of its
    backlog: what the first poll (`before` None) left `unread`, less what each later poll
    `read`. Every such poll takes up the cap's worth of entries, new or old, so a listing of N
    entries at a cap of C is read through, or given up on, in at most ceil(N / C) polls."""
    if before is None:
        return max(unread, 0)
    return max(before - read, 0)


def record_failure(
    db: Database, feed_id: int, reason: str, interval: timedelta, now: datetime | None = None
) -> datetime:
    """The feed failed: count it, keep the reason, back off. Returns the next poll time."""
    now = now or utcnow()
    with db.session() as session:
        feed = session.get_one(Feed, feed_id)
        feed.claimed_by = None
        feed.lease_until = None
        feed.consecutive_errors = (feed.consecutive_errors or 0) + 1
        feed.last_error = reason[:1000]
        feed.last_polled_at = now
        feed.next_poll_at = now + backoff_delay(feed.consecutive_errors, interval)
        return feed.next_poll_at


def claim_owners(db: Database) -> list[str]:
    """Every process that holds a feed claim now."""
    with db.session() as session:
        owners = session.scalars(
            select(Feed.claimed_by).where(Feed.claimed_by.is_not(None)).distinct()
        )
        return [o for o in owners if o]


def release_claims(db: Database, owners: Iterable[str]) -> int:
    """End the feed claims of `owners` (processes known to be gone); how many."""
    wanted = list(owners)
    return _release(db, Feed.claimed_by.in_(wanted)) if wanted else 0


def _release(db: Database, *where: ColumnElement[bool]) -> int:
    """End the claims on the feeds `where` picks; how many."""
    with db.session() as session:
        result = session.execute(
            update(Feed)
            .where(*where)
            .values(claimed_by=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
