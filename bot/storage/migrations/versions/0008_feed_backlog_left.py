"""how much of a feed's first listing is still unread

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 05:30:00

A feed stayed backlog (its news never pushed) until a poll left none of its entries unread or
stored nothing; an outlet that publishes between polls while its first listing held more
copies of stored reports than the per-poll cap kept it backlog forever. The feed now counts
down the entries of its first listing still to read. A feed still in backlog when upgraded
has no count yet: its next poll starts one, as a first poll does.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("backlog_left", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("backlog_left")
