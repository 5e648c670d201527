"""the outlet an aggregator's feed names for a report

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 19:30:00

A news aggregator's feed (one feed, many outlets) credited every report to the aggregator,
so a story five outlets reported through it counted one outlet. An article now keeps the
outlet its item names (RSS and Atom `<source>`); articles from before name none (NULL) and
stay credited to their feed until the aggregator lists them again (`FeedReader._recheck`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("outlet", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("outlet")
