"""The migrations build exactly the schema the models describe, on every supported database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.storage.db import Database
from bot.storage.models import Base
from tests.storage.conftest import _reset

ROOT = Path(__file__).resolve().parents[2]


def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_twice_is_harmless(database: Database) -> None:
    database.migrate()


def test_processes_starting_together_on_a_new_database_all_come_up() -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    fresh = Database(url)
    _reset(fresh)
    migrate = f"from bot.storage.db import Database; Database({url!r}).migrate()"
    try:
        starts = [
            subprocess.Popen([sys.executable, "-c", migrate], cwd=ROOT, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=120)[1].decode() for p in starts]
        # None fails on a schema another process is half-way through making.
        assert [p.returncode for p in starts] == [0, 0, 0, 0], errors
        with fresh.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        fresh.dispose()
