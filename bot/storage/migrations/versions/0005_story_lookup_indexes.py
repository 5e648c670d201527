"""indexes for the per-story delivery lookup and the unplaced-articles check

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:20:00

Fanning out a revision reads the story's deliveries, and every poll looks for on-topic articles
left without a story; with no index to serve them, both read the whole table, which grows with
every report stored and every message sent.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_deliveries_story_subscriber", "deliveries", ["story_id", "subscriber_id"])
    op.create_index("ix_articles_story_topic_id", "articles", ["story_id", "on_topic", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_story_topic_id", table_name="articles")
    op.drop_index("ix_deliveries_story_subscriber", table_name="deliveries")
