"""A process killed half-way through an upgrade (kill -9, a power cut) leaves a database the next
start upgrades, with every subscription and delivery it had."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text

from bot.storage.db import Database
from bot.storage.models import Base
from bot.storage.subscribers import get_subscription
from tests.storage.old_releases import seed_release_one

ROOT = Path(__file__).resolve().parents[2]

# Runs the upgrade in its own process and dies like kill -9 after its Nth SQL statement.
CRASH = """
import os, sys
from sqlalchemy import event
from bot.storage.db import Database

db = Database(sys.argv[1])
count = 0

@event.listens_for(db.engine, "after_cursor_execute")
def _die(*_args):
    global count
    count += 1
    if count == int(sys.argv[2]):
        os._exit(9)

db.migrate()
"""


def _upgrade_statements(template: Path, scratch: Path) -> list[str]:
    """Every SQL statement the upgrade from the template runs, in order (on a copy)."""
    shutil.copy(template, scratch)
    db = Database(f"sqlite:///{scratch}")
    seen: list[str] = []
    event.listen(db.engine, "after_cursor_execute", lambda *a: seen.append(a[2]))
    db.migrate()
    db.dispose()
    return seen


def _crash_points(statements: list[str], how_many: int = 5) -> list[int]:
    """A few statement numbers, spread over the upgrade, just after one that changes the schema
    (where a crash used to leave a half-changed schema behind)."""
    ddl = [
        n
        for n, sql in enumerate(statements, start=1)
        if sql.lstrip().upper().startswith(("CREATE", "ALTER", "DROP"))
    ]
    step = max(1, len(ddl) // how_many)
    return ddl[step // 2 :: step][:how_many]


@pytest.fixture(scope="module")
def release_one(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    folder = tmp_path_factory.mktemp("release-one")
    template = folder / "template.db"
    db = Database(f"sqlite:///{template}")
    seed_release_one(db)
    db.dispose()
    points = _crash_points(_upgrade_statements(template, folder / "count.db"))
    assert len(points) >= 3
    return template, points


@pytest.mark.parametrize("which", range(5))
def test_a_start_killed_during_the_upgrade_is_followed_by_one_that_upgrades(
    which: int, release_one: tuple[Path, list[int]], tmp_path: Path
) -> None:
    template, points = release_one
    if which >= len(points):
        pytest.skip("the upgrade has fewer schema changes")
    path = tmp_path / "bot.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"

    killed = subprocess.run(
        [sys.executable, "-c", CRASH, url, str(points[which])],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == 9, killed.stderr.decode()[-2000:]

    db = Database(url)
    db.migrate()  # the next start
    with db.engine.connect() as c:
        version = c.execute(text("SELECT version_num FROM alembic_version")).scalar()
        missing = {t.name for t in Base.metadata.sorted_tables} - set(
            c.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        )
        sent = c.execute(text("SELECT story_id, status FROM deliveries")).all()
    info = get_subscription(db, 42)
    db.dispose()
    assert version == _head()
    assert missing == set()
    assert info is not None
    assert info.active
    assert (info.prefs.mode, info.prefs.digest_times, info.prefs.timezone) == (
        "digest",
        ("08:00",),
        "Europe/Kyiv",
    )
    assert (info.prefs.quiet_start, info.prefs.quiet_end) == ("23:00", "07:00")
    assert [tuple(r) for r in sent] == [(1, "sent")]


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from bot.storage.db import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
