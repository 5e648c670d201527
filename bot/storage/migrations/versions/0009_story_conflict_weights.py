"""the running sum of a story's conflict weights

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:00:00

A story's conflict tags were weighed again over every one of its reports each time one
joined, reading all their texts inside the placement's write transaction: a cost that grew
with the story, paid under SQLite's write lock. The story now keeps the sum of its reports'
weights, so a joining report adds its own. A story from before has none (NULL): the next
report to join it weighs its reports once and starts the sum.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("conflict_weights", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("conflict_weights")
