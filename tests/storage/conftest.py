"""A migrated `database` (or an empty `old_database` to upgrade) on SQLite, and on PostgreSQL
too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event

from bot.storage.db import MIGRATIONS_DIR, Database
from bot.storage.models import Base

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _reset(db: Database) -> None:
    """Drop every table and Alembic's bookkeeping, so each test migrates from scratch."""
    from sqlalchemy import text

    Base.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@contextmanager
def _empty_database(backend: str, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema on `backend`, dropped again afterwards on PostgreSQL (shared
    by every test there); skipped on PostgreSQL without TEST_DATABASE_URL."""
    if backend == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set")
        db = Database(url)
        _reset(db)
    try:
        yield db
    finally:
        if backend == "postgres":
            _reset(db)
        db.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with _empty_database(request.param, tmp_path) as db:
        db.migrate()
        yield db


@pytest.fixture(params=BACKENDS)
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database for an upgrade test to bring to an earlier release's schema
    (`migrate_to`), fill as that release would have, and upgrade."""
    with _empty_database(request.param, tmp_path) as db:
        yield db


def migrate_to(db: Database, revision: str, *, down: bool = False) -> None:
    """Upgrade the schema to `revision` (downgrade it, with `down`): as a release left it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.connect() as connection:
        if db.dialect == "sqlite":
            # As Database.migrate does: a table rebuilt by a migration must not cascade.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
        if db.dialect == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def query_plans(db: Database, table: str, work: Callable[[], object]) -> list[str]:
    """SQLite's query plan of every SELECT `work` runs that reads `table`, one line each."""
    statements: list[tuple[str, Any]] = []

    def seen(_c: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if not many and sql.lstrip().upper().startswith("SELECT") and f"FROM {table}" in sql:
            statements.append((sql, params))

    event.listen(db.engine, "after_cursor_execute", seen)
    try:
        work()
    finally:
        event.remove(db.engine, "after_cursor_execute", seen)
    with db.engine.connect() as connection:
        return [
            " / ".join(
                row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )  # fmt: skip
            for sql, params in statements
        ]
