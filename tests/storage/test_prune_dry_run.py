"""An operator previews a prune with `python -m bot prune --dry-run`: it changes nothing, so a
database it would have to create or upgrade first is refused in one line, exit 2."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.storage.db import Database
from tests.cli import cli_environ, run_cli
from tests.storage.conftest import migrate_to


def dry_run(tmp_path: Path) -> tuple[int, list[str]]:
    environ = cli_environ(tmp_path)
    environ.pop("RETENTION_DAYS", None)
    done = run_cli(environ, "prune", "--dry-run", timeout=120)
    return done.returncode, done.stderr.splitlines()


def test_a_dry_run_without_a_database_creates_none(tmp_path: Path) -> None:
    returncode, stderr = dry_run(tmp_path)

    assert returncode == 2
    assert stderr == [
        f"prune --dry-run: there is no database at {tmp_path / 'bot.db'}, so nothing to prune "
        "(a dry run never creates one)"
    ]
    assert not (tmp_path / "bot.db").exists()


def test_a_dry_run_on_an_older_schema_leaves_it_as_it_is(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate_to(db, "0007")

    returncode, stderr = dry_run(tmp_path)

    assert returncode == 2
    [line] = stderr
    assert line.startswith("prune --dry-run: the database has no schema or an older one")
    with db.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == "0007"
    db.dispose()
