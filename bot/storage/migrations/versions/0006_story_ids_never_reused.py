"""story ids are never handed out again on SQLite

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 03:00:00

SQLite gives a new row the highest id plus one: once retention deleted the newest stories,
the next story took the id of a deleted one, and an old "/story N" or story button opened
unrelated news. AUTOINCREMENT makes SQLite remember the highest id ever used. PostgreSQL's
sequences never reuse an id, so there the migration does nothing.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "stories", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "stories", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
