"""Who may start a /summary now: one at a time per user, and a few at a time in all.

The model thread has one worker, which in role `all` also scores ingestion's articles: without
a bound, one user sending ten /summary in a row would make every other user, and the next
poll, wait behind all ten. A user's second request while the first is still fetched, queued
or summarized is turned away with a notice rather than queued, and so is anyone's when
`max_pending` requests are already under way: "try again in a minute" is better than an
answer that comes after several.

Only the event loop touches the gate (no lock); one is built with the services at start-up.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["MAX_PENDING_SUMMARIES", "Admission", "SummaryGate"]

MAX_PENDING_SUMMARIES = 8


class Admission(enum.Enum):
    ADMITTED = "admitted"
    YOURS_PENDING = "yours_pending"  # this user's previous request is still under way
    BUSY = "busy"  # max_pending requests are under way


class SummaryGate:
    """The users whose /summary is under way (being fetched, queued or summarized)."""

    def __init__(self, max_pending: int = MAX_PENDING_SUMMARIES) -> None:
        self.max_pending = max_pending
        self._users: set[int] = set()

    @property
    def pending(self) -> int:
        return len(self._users)

    @contextmanager
    def enter(self, user: int) -> Iterator[Admission]:
        """Admit `user` for the `with` block if they may start one, and let them go however
        the block ends (an answer, an error, a cancelled task); otherwise say why not."""
        if user in self._users:
            yield Admission.YOURS_PENDING
            return
        if len(self._users) >= self.max_pending:
            yield Admission.BUSY
            return
        self._users.add(user)
        try:
            yield Admission.ADMITTED
        finally:
            self._users.discard(user)
