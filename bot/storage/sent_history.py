"""What a chat has been sent of a story so far, read from its sent rows.

Planning a revision, catching a chat up, reviving a row it wants again and rescheduling its
rows after a change of timing all ask the same two things: when the chat's update cooldown for
the story started, and which revision of it the chat last saw, after which news is news.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.delivery.plan import FIRST_PUSH
from bot.storage.models import Delivery, DeliveryStatus

__all__ = ["last_updates_sent", "shown_revisions"]


def last_updates_sent(
    session: Session, *where: ColumnElement[bool]
) -> dict[tuple[int, int], datetime]:
    """(subscriber, story) -> when the story's last update that sent the chat a message went
    out, among the rows matching `where`: where the chat's cooldown for that story starts.

    An update that turned out to have nothing new sent no message, so it starts no cooldown.
    """
    rows = session.execute(
        select(Delivery.subscriber_id, Delivery.story_id, func.max(Delivery.sent_at))
        .where(
            Delivery.seq != FIRST_PUSH,
            Delivery.status == DeliveryStatus.SENT,
            Delivery.sent_at.is_not(None),
            Delivery.message_id.is_not(None),
            *where,
        )
        .group_by(Delivery.subscriber_id, Delivery.story_id)
    ).all()
    return {(subscriber, story): at for subscriber, story, at in rows if at is not None}


def shown_revisions(session: Session, story_id: int, chats: Collection[int]) -> dict[int, int]:
    """Chat -> the story's newest revision a message sent it showed (first push or update,
    an update found empty too): only a later revision is news to it. A chat with no sent row
    of the story is left out, to be read as 0 (every revision is news); a message still
    waiting or in flight, even one whose first parts reached the chat, has shown nothing yet.
    """
    if not chats:
        return {}
    rows = session.execute(
        select(Delivery.subscriber_id, func.max(Delivery.revision))
        .where(
            Delivery.story_id == story_id,
            Delivery.subscriber_id.in_(chats),
            Delivery.status == DeliveryStatus.SENT,
        )
        .group_by(Delivery.subscriber_id)
    ).all()
    return {chat: shown for chat, shown in rows if shown is not None}
