"""points an outlet withdrew in a correction

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 00:30:00

A correction that removes a statement (no other version of it) dropped the point from the
story without a word, and readers who were told it kept it. A revision now lists the points
it withdrew, so an update can say so. Revisions from before withdrew none (NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("story_revisions", sa.Column("withdrawn", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story_revisions") as batch:
        batch.drop_column("withdrawn")
