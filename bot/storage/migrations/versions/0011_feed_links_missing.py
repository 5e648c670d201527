"""whether a feed's latest listing had no item with a web link

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 00:10:00

A feed whose items all lacked a usable link was recorded as read, so /sources showed it
healthy while none of its news could be read. The feed now remembers that its latest listing
was so, and /sources shows it as a problem. A feed from before has the flag off until its
next read.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(
            sa.Column("links_missing", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("links_missing")
