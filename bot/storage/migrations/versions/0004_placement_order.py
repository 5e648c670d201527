"""the order in which reports joined each story

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 22:15:00

A story's next revision treats the reports its previous revision was made from as known.
They were taken as the first ones by id, so a report stored early but placed late was taken
for an old one and its news never sent. Existing stories number their reports by id, which is
how they were read until now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("placement", sa.Integer(), nullable=True))
    bind = op.get_bind()
    articles = sa.Table("articles", sa.MetaData(), autoload_with=bind)
    placed = bind.execute(
        sa.select(articles.c.id, articles.c.story_id)
        .where(articles.c.story_id.is_not(None))
        .order_by(articles.c.story_id, articles.c.id)
    ).all()
    counts: dict[int, int] = {}
    for article_id, story_id in placed:
        counts[story_id] = counts.get(story_id, 0) + 1
        bind.execute(
            sa.update(articles)
            .where(articles.c.id == article_id)
            .values(placement=counts[story_id])
        )


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("placement")
