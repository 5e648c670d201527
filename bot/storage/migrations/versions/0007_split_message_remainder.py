"""the parts of a split message still to send after an error

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:00:00

A message too long for one Telegram message goes in parts. When a later part met an error
(a Telegram 5xx, a 429, no connection) the message was recorded sent, and its tail never
reached the chat. A delivery now keeps the parts still to send, with the first part's message
id and the revision it shows, until the retry sends them; NULL for every other row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("remainder", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("remainder")
