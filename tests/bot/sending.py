"""Test helper: something happens while the sender holds a message it has rendered."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.services import Services
from bot.storage.db import Database
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
