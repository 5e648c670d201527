"""articles corrected in place

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 23:40:00

An outlet that corrects a report at the same address (390 prisoners made 307) was never read
again: the address was known, so the story kept the old figure. An article now keeps a
fingerprint of its feed entry (a changed entry is read again), the text its story was
summarized from when it is corrected (so only what changed is news) and when; a key point says
which point shown before it replaces. Rows from before have none (NULL): an entry's fingerprint
is recorded the next time a poll lists it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("entry_fingerprint", sa.String(64), nullable=True))
    op.add_column("articles", sa.Column("earlier_text", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("key_points", sa.Column("replaces", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("key_points") as batch:
        batch.drop_column("replaces")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("corrected_at")
        batch.drop_column("earlier_text")
        batch.drop_column("entry_fingerprint")
