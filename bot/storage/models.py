"""The tables: feed -> article -> story -> key point, and subscriber -> subscription -> delivery.

Types are portable (SQLite and PostgreSQL); times are stored as timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false
from sqlalchemy.sql.expression import true as sa_true

__all__ = [
    "Article",
    "Base",
    "Delivery",
    "DeliveryStatus",
    "Feed",
    "KeyPointRow",
    "Story",
    "StoryRevision",
    "Subscriber",
    "Subscription",
    "utcnow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite forgets time zones; this hands back aware UTC datetimes on both databases."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Feed(Base):
    """A followed outlet, with what conditional GET and backoff need to remember."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(512))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    first_polled_at: Mapped[datetime | None]
    # While first_polled_at is None: how many entries of the feed's first listing later polls
    # have still to read before its backlog ends, whatever the outlet publishes meanwhile.
    backlog_left: Mapped[int | None] = mapped_column(Integer)
    last_polled_at: Mapped[datetime | None]
    last_ok_at: Mapped[datetime | None]
    next_poll_at: Mapped[datetime | None]
    consecutive_errors: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The latest listing read had items and none with a web link to send readers to: the feed
    # answers, but none of its news is read (a problem on /sources, not a failure backed off).
    links_missing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # "settings" feeds follow FEEDS (dropped from it: disabled); "admin" ones came by /addfeed.
    origin: Mapped[str] = mapped_column(String(16), default="settings", server_default="settings")
    # An ingest process polling the feed now, until its lease ends (several may share feeds).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]

    articles: Mapped[list[Article]] = relationship(back_populates="feed")


class Story(Base):
    """One development, however many outlets reported it.

    Its key points are those of its newest revision; `dirty` marks a story whose articles changed
    since that revision, so a crash between placing an article and summarizing loses nothing.
    """

    __tablename__ = "stories"
    # SQLite must never hand a deleted story's id to a new one (retention deletes old stories,
    # and "/story N" and story buttons name them by id); migration 0006.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), default="ceasefire", index=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Stories found on a feed's very first poll are shown by /latest but never pushed.
    pushable: Mapped[bool] = mapped_column(Boolean, default=True)
    summary_backend: Mapped[str | None] = mapped_column(String(32))
    conflicts: Mapped[list[str]] = mapped_column(JSON, default=list)
    conflict_weights: Mapped[dict[str, list[int]] | None] = mapped_column(JSON, nullable=True)
    """Conflict key -> [own names' weight, shared names' weight], summed over the story's
    reports (`bot.ingest.conflicts`); NULL for a story from before migration 0009."""
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    dirty: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    changed_at: Mapped[datetime | None]
    """When the story last moved (a revision with new points), else when its news came out:
    what /latest shows and sorts by."""

    articles: Mapped[list[Article]] = relationship(
        back_populates="story", foreign_keys="Article.story_id", order_by="Article.id"
    )
    key_points: Mapped[list[KeyPointRow]] = relationship(
        back_populates="story", order_by="KeyPointRow.position", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[StoryRevision]] = relationship(
        back_populates="story", order_by="StoryRevision.number", cascade="all, delete-orphan"
    )


class Article(Base):
    """One outlet's report. Dedup keys: canonical URL, guid, content hash."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_feed_guid", "feed_id", "guid"),
        # Every poll's check for on-topic articles left without a story (unplaced_articles).
        Index("ix_articles_story_topic_id", "story_id", "on_topic", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2048))
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    guid: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    published_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the story shows it came out: clustering's effective time, fixed at placement by
    # the window then in force (None until the article is placed).
    shown_at: Mapped[datetime | None]
    # Its number in its story, in the order reports joined it (1 for the first): an article
    # stored early but placed late (after a crash, or by another process) is still news.
    placement: Mapped[int | None] = mapped_column(Integer)
    relevance: Mapped[float | None] = mapped_column(Float)
    on_topic: Mapped[bool] = mapped_column(Boolean, default=False)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    # What clustering compares (float32 bytes of the unit-norm title+lead embedding).
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    # A hash of its feed entry as last listed: a changed entry is read again for a correction.
    entry_fingerprint: Mapped[str | None] = mapped_column(String(64))
    # The text its story was last summarized from, kept when the outlet corrects the report in
    # place (`text` is then the corrected one): what readers were told is not news again.
    earlier_text: Mapped[str | None] = mapped_column(Text)
    corrected_at: Mapped[datetime | None]
    # The outlet an aggregator's feed named for it (None: the feed's own outlet, or a report
    # stored before outlets were read).
    outlet: Mapped[str | None] = mapped_column(String(200))

    feed: Mapped[Feed | None] = relationship(back_populates="articles")
    story: Mapped[Story | None] = relationship(back_populates="articles", foreign_keys=[story_id])


class KeyPointRow(Base):
    """A story's key point with the verbatim source sentences it rests on."""

    __tablename__ = "key_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    outlets: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The texts of points giving another figure for the same statement (see KeyPoint.rivals).
    rivals: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The texts of points shown before that this one corrects (see KeyPoint.replaces).
    replaces: Mapped[list[str] | None] = mapped_column(JSON, default=list)

    story: Mapped[Story] = relationship(back_populates="key_points")


class StoryRevision(Base):
    """One version of a story's key points, kept so updates, digests and /story read history.

    `new_points` are the texts this revision added to the one before; `fanned_out_at` is set in
    the transaction that writes its deliveries, so each revision is fanned out exactly once.
    """

    __tablename__ = "story_revisions"
    __table_args__ = (UniqueConstraint("story_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    key_points: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    new_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Points of the revision before that their outlet removed in a correction (no other
    # version of them): an update tells readers who had them (see Summary.withdrawn).
    withdrawn: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    outlets: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The placement of the newest report it was made from (every report placed up to it, and
    # none corrected since); before corrections existed placements had no gaps, so this was,
    # and for stories never corrected still is, its number of reports.
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    fanned_out_at: Mapped[datetime | None] = mapped_column(index=True)

    story: Mapped[Story] = relationship(back_populates="revisions")

    @property
    def moves(self) -> bool:
        """It tells readers something: points it added, or points their outlet withdrew."""
        return bool(self.new_points or self.withdrawn)


class Subscriber(Base):
    """A Telegram chat that talked to the bot."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    blocked_at: Mapped[datetime | None]

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan"
    )


class Subscription(Base):
    """What a chat receives and when: instant pushes, or digests at local times of day."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("subscriber_id", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[str] = mapped_column(String(64), default="ceasefire")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Stories created after this moment are news for this subscription; older ones are backlog.
    since: Mapped[datetime] = mapped_column(default=utcnow)
    # Every delivery preference as one value (bot.preferences.Preferences), read and written
    # only by bot.storage.subscribers.
    prefs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_digest_at: Mapped[datetime | None]

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")


class DeliveryStatus:
    PENDING = "pending"  # recorded, waiting for its time (instant: now; digest: next digest)
    SENDING = "sending"  # claimed by a sender just before the HTTP call
    SENT = "sent"
    FAILED = "failed"  # gave up (e.g. chat blocked the bot); reason in last_error


class Delivery(Base):
    """The outbox: one row per message to a chat, written before sending, marked after.

    `seq` 0 is a story's first push to the chat; an update gets the number of the revision that
    caused it. `revision` is the revision actually rendered, recorded when sent. A claim carries
    its owner and a lease, so several senders on one database never take each other's rows.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "story_id", "seq"),
        Index("ix_deliveries_status_due", "status", "due_at"),
        # A story's rows, read for every revision fanned out (the unique key leads by chat).
        Index("ix_deliveries_story_subscriber", "story_id", "subscriber_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revision: Mapped[int | None] = mapped_column(Integer)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    # A message split in parts whose later parts an error held back after the first reached
    # the chat: its first part's id, the revision it shows and the parts still to send
    # (`bot.storage.outbox.Remainder`), so a retry sends only those; migration 0007.
    remainder: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
