"""The engine, sessions and start-up migrations, for SQLite (default) or PostgreSQL (by URL)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from config import SettingsError

__all__ = ["Database", "lock_key", "normalize_url", "once_more_on_conflict", "sqlite_file"]

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


T = TypeVar("T")


def once_more_on_conflict(work: Callable[[], T]) -> T:
    """Run a get-or-create unit of work again when a concurrent one inserted the same row.

    Two processes can take two taps of one chat at the same moment; the later insert breaks a
    unique key once the earlier commits, and the second run finds the row it made.
    """
    try:
        return work()
    except IntegrityError:
        return work()


def normalize_url(url: str) -> str:
    """Accept the plain `postgresql://` and `postgres://` forms users copy from their hosts."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (connecting creates it); None for another database."""
    try:
        parsed = make_url(normalize_url(url))
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def _transactional_ddl(connection: Connection) -> Iterator[None]:
    """Within the block, the SQLite connection's DDL is part of the transaction.

    Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so each CREATE,
    ALTER or DROP of a migration would otherwise be committed on its own (SQLAlchemy's
    documented pysqlite recipe: the driver opens no transaction, the caller issues BEGIN).
    Only the migration's connection works so: the app's sessions keep the driver's way, which
    takes no lock for a read.
    """
    driver: Any = connection.connection.driver_connection
    previous = driver.isolation_level
    driver.isolation_level = None
    try:
        yield
    finally:
        driver.isolation_level = previous


class Database:
    """Owns the engine and the session factory; built once at start-up and passed down."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise SettingsError(
                "DATABASE_URL is not a database URL: use sqlite:///path/to/bot.db "
                "or postgresql://user:password@host/dbname"
            ) from None
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError(
                f"DATABASE_URL: {parsed.get_backend_name()} is not supported; "
                "use sqlite:///path/to/bot.db or postgresql://user:password@host/dbname"
            )
        kwargs: dict[str, Any] = {"future": True}
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except NoSuchModuleError:
            raise SettingsError(f"DATABASE_URL: no driver for {parsed.drivername}") from None
        if parsed.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def write_first(self, session: Session) -> None:
        """On SQLite, start the session's transaction as the writer: what it reads is what it
        then changes (no other process writes in between), and a concurrent writer waits for
        it rather than failing it midway. PostgreSQL callers lock their rows instead."""
        if self.dialect == "sqlite":
            session.execute(text("BEGIN IMMEDIATE"))

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (run at every start-up).

        The whole upgrade is one transaction on either database, so a process killed half-way
        leaves the schema it started from, and the next start runs the upgrade again.
        """
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        sqlite = self.dialect == "sqlite"
        with self.engine.connect() as connection:
            if sqlite:
                # SQLite changes a table by copying it and dropping the old one: with foreign
                # keys on, that drop would cascade into every row that points at it. (The
                # pragma is ignored inside a transaction, so it comes first.)
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                ddl = _transactional_ddl(connection) if sqlite else nullcontext()
                with ddl, connection.begin():
                    if sqlite:
                        # IMMEDIATE: a second process starting on the same file waits
                        # here, then finds the schema made.
                        connection.exec_driver_sql("BEGIN IMMEDIATE")
                    else:
                        # Processes started together (a scaled-out deployment, an
                        # upgrade) migrate one after another: the later ones find the
                        # schema made.
                        connection.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": lock_key("schema-migration")},
                        )
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
        log.info("database schema is up to date (%s)", self.dialect)

    def schema_is_current(self) -> bool:
        """Whether the schema is at the newest Alembic revision; reads, never changes it."""
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        heads = set(ScriptDirectory.from_config(config).get_heads())
        with self.engine.connect() as connection:
            # Read directly: an Alembic MigrationContext would log its set-up at INFO.
            if not inspect(connection).has_table("alembic_version"):
                return False
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return set(rows.scalars()) == heads

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the database-wide lock `name` for the block (a PostgreSQL advisory lock).

        Several processes on one PostgreSQL serialise on it; SQLite serves one process, whose
        callers already serialise, so there it is a no-op.
        """
        if self.dialect != "postgresql":
            yield
            return
        key = lock_key(name)
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()

    @contextmanager
    def claimed(self, name: str) -> Iterator[bool]:
        """Try to hold the lock `name` for the block without waiting: True when this process
        holds it (always on SQLite, which serves one process), False when another does."""
        if self.dialect != "postgresql":
            yield True
            return
        key = lock_key(name)
        with self.engine.connect() as connection:
            query = text("SELECT pg_try_advisory_lock(:key)")
            mine = bool(connection.execute(query, {"key": key}).scalar())
            connection.commit()
            try:
                yield mine
            finally:
                if mine:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    connection.commit()

    def dispose(self) -> None:
        self.engine.dispose()


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a lock's name."""
    digest = hashlib.sha256(f"ceasefire-bot:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
