"""Test helpers for sending: the outbox rows, and something happening while the sender holds a
message it has rendered."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select

from bot.services import Services
from bot.storage.db import Database
from bot.storage.models import Delivery
from bot.storage.stories import StoryView


def while_sending(services: Services, happen: Callable[[Database], object]) -> None:
    """The sender's first read of the stories it sends is followed by `happen` (a report moves
    the story, a chat changes its choice) before that message goes out: the race between a
    rendered message and the database."""
    load = services.sender.load_stories
    done: list[bool] = []

    def reading(db: Database, ids: Sequence[int]) -> Sequence[StoryView]:
        views = load(db, ids)
        if not done:
            done.append(True)
            happen(db)
        return views

    services.sender.load_stories = reading


def delivery_rows(db: Database) -> list[Delivery]:
    """Every outbox row, oldest first."""
    with db.session() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))
