"""Who gets what, and when: the one rule the outbox fan-out follows, as a pure function.

A story's first revision becomes a first push for every subscriber who follows one of its
conflicts, whose words let it through and who subscribed before the story appeared; a chat
that never had a story gets it as a first push when a later revision moves it on, and so does
a chat whose first push failed (Telegram refused it, the chat had unfollowed its conflict):
the story's newest state is a new message, not an update to one the chat never saw. A later
revision with new points becomes an "update" for the chats whose first push has gone out,
at most one per story per chat per cooldown; a chat whose first push is still waiting gets
nothing extra, because that push will carry the story's newest state when it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.preferences import Preferences, follows, passes_words
from bot.scheduling import due_at

__all__ = [
    "FIRST_PUSH",
    "Planned",
    "Recipient",
    "RevisionFacts",
    "plan_deliveries",
    "update_due",
    "wants",
]

FIRST_PUSH = 0
"""The `seq` of a story's first push to a chat; an update's `seq` is its revision number."""


@dataclass(frozen=True)
class RevisionFacts:
    """What the rule needs to know about a story revision."""

    story_id: int
    number: int
    story_created_at: datetime
    """When the story appeared (first revision), or when this revision was made (later ones):
    a chat that subscribed before it gets it."""
    pushable: bool
    conflicts: tuple[str, ...]
    text: str
    """Title, key points and article text: what word filters look at."""
    new_points: tuple[str, ...]
    withdrawn: tuple[str, ...] = ()
    """Points of the revision before that their outlet removed: news to whoever had them."""


@dataclass(frozen=True)
class Recipient:
    """A subscriber and what it already has of this story."""

    subscriber_id: int
    since: datetime
    prefs: Preferences
    first_push: str | None = None
    """Status of the story's first push to this chat (None: there is none)."""
    update_waiting: bool = False
    last_update_at: datetime | None = None


@dataclass(frozen=True)
class Planned:
    subscriber_id: int
    seq: int
    due_at: datetime


def wants(prefs: Preferences, conflicts: Sequence[str], text: str) -> bool:
    """The chat follows one of the story's conflicts and its words let the story through.

    Checked when a revision is fanned out, and again on a story still waiting for a chat
    whose settings changed, so what it unfollowed or filtered out is not sent after all.
    """
    return follows(prefs, conflicts) and passes_words(prefs, text)


def update_due(
    prefs: Preferences, now: datetime, last_update_at: datetime | None, cooldown: timedelta
) -> datetime:
    """When an update may go: its time by the chat's timing, and not before the cooldown after
    the story's last update that sent the chat a message. Fan-out plans by it, and a change of
    timing reschedules by it, so neither lets a second update through within the cooldown."""
    due = due_at(prefs, now)
    if last_update_at is not None:
        due = max(due, due_at(prefs, last_update_at + cooldown))
    return due


def plan_deliveries(
    revision: RevisionFacts,
    recipients: Sequence[Recipient],
    now: datetime,
    cooldown: timedelta = timedelta(minutes=30),
) -> list[Planned]:
    """The deliveries this revision causes, one per chat at most."""
    planned: list[Planned] = []
    for who in recipients:
        if not wants(who.prefs, revision.conflicts, revision.text):
            continue
        if who.first_push is None or who.first_push == "failed":
            # A chat that never had the story gets it when it appears, or later when it moves
            # (a development of a story that was backlog when the chat subscribed is news).
            # A story with no key points yet (a headline whose page could not be read) waits
            # for a report that gives it some: a push with nothing to read helps no one.
            moved = bool(revision.new_points)
            if revision.pushable and moved and who.since < revision.story_created_at:
                planned.append(Planned(who.subscriber_id, FIRST_PUSH, due_at(who.prefs, now)))
            continue
        if who.first_push not in ("sending", "sent") or who.update_waiting:
            continue
        if revision.number <= 1 or not (revision.new_points or revision.withdrawn):
            continue
        due = update_due(who.prefs, now, who.last_update_at, cooldown)
        planned.append(Planned(who.subscriber_id, revision.number, due))
    return planned
