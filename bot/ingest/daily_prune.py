"""The prune: daily in the processes that ingest, and on demand by `python -m bot prune`
(`bot.storage.retention` is what it does).

Ingesting processes are the ones that write stories, and every deployment has at least one
(`run --role all` or `--role ingest`); a web or send process may run without any. Several may
share one PostgreSQL, so a run first tries the database-wide `retention` lock without waiting:
one process prunes, the others skip that day's run (pruning twice would only find nothing left).
On SQLite one process serves the database, and its runs are serialised here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from datetime import datetime, timedelta
from typing import TextIO

from bot.storage.db import Database, sqlite_file
from bot.storage.models import utcnow
from bot.storage.retention import PruneReport, prune, retention_cutoff
from config import Settings, SettingsError

__all__ = ["PRUNE_EVERY", "DailyPrune", "print_prune"]

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(days=1)


class DailyPrune:
    """Starts a prune in the background at most once every PRUNE_EVERY (the first one at the
    first call, so a restart never postpones it by a day)."""

    def __init__(self, db: Database, days: int) -> None:
        self._db = db
        self._days = days
        self._last: datetime | None = None
        self._task: asyncio.Task[PruneReport | None] | None = None
        self._stop = threading.Event()

    def start_if_due(self, now: datetime | None = None) -> asyncio.Task[PruneReport | None] | None:
        """Start a run when one is due and none is going on; its task, else None."""
        now = now or utcnow()
        if self._days <= 0 or (self._task is not None and not self._task.done()):
            return None
        if self._last is not None and now - self._last < PRUNE_EVERY:
            return None
        self._last = now
        self._task = asyncio.create_task(self._run(now), name="prune")
        return self._task

    async def _run(self, now: datetime) -> PruneReport | None:
        try:
            report = await asyncio.to_thread(self._prune, now)
        except Exception:  # what it did not delete today, tomorrow's run does
            log.exception("the daily prune failed; the next one tries again")
            return None
        if report is not None and (report.stories or report.off_topic_texts_cleared):
            log.info(
                "pruned stories older than %d days: %s", self._days, "; ".join(report.lines())
            )
        return report

    def _prune(self, now: datetime) -> PruneReport | None:
        with self._db.claimed("retention") as mine:
            if not mine:
                log.info("another process is pruning; skipping this process's run")
                return None
            return prune(self._db, now, self._days, stop=self._stop.is_set)

    async def aclose(self) -> None:
        """Stop a run after its current batch (a batch is one transaction, never half done)."""
        self._stop.set()
        task, self._task = self._task, None
        if task is not None and not task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await task


def print_prune(settings: Settings, out: TextIO, *, dry_run: bool = False) -> int:
    """Prune now (a dry run only counts) and print what was deleted; 0 when done.

    On PostgreSQL a real run waits for a prune another process is doing, then finds what is
    left; a dry run deletes nothing and takes no lock. A real run first brings the schema up
    to date, as every command does, since the prune reads the current one; a dry run changes
    nothing, so it refuses (SettingsError) a database that is missing or not up to date.
    """
    days = settings.retention
    if days <= 0:
        out.write("RETENTION_DAYS=0: everything is kept, nothing to prune\n")
        return 0
    now = utcnow()
    cutoff = retention_cutoff(now, days)
    assert cutoff is not None
    if dry_run:
        _check_no_file_to_create(settings.resolved_database_url)
    db = Database(settings.resolved_database_url)
    try:
        if dry_run:
            if not db.schema_is_current():
                raise SettingsError(
                    "prune --dry-run: the database has no schema or an older one, and a dry "
                    "run changes nothing: start the bot once (it upgrades the schema), then "
                    "try again"
                )
            report = prune(db, now, days, dry_run=True)
        else:
            db.migrate()
            with db.exclusive("retention"):
                report = prune(db, now, days)
    finally:
        db.dispose()
    verb = "would delete (dry run, nothing deleted)" if dry_run else "deleted"
    out.write(
        f"stories whose latest report is older than {days} days "
        f"(before {cutoff:%Y-%m-%d %H:%M} UTC): {verb}\n"
    )
    out.write("".join(f"  {line}\n" for line in report.lines()))
    return 0


def _check_no_file_to_create(url: str) -> None:
    """Connecting to a SQLite file that is not there creates it: a dry run refuses first."""
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise SettingsError(
            f"prune --dry-run: there is no database at {path}, so nothing to prune "
            "(a dry run never creates one)"
        )
