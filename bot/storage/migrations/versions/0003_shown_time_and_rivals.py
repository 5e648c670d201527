"""placement time of each article and disputed-figure marks on key points

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:00:00

A story's displayed times used to be recomputed from the feed's date by the default 72-hour
window, whatever window clustering ran with; now each article keeps the time clustering used
when it was placed. Placed articles are filled in by that same default rule, which is what
they showed before. Key points get their `rivals` column, filled from the newest revision,
where the marks were the only copy.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREVIOUS_WINDOW = timedelta(hours=72)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("key_points") as batch:
        batch.add_column(sa.Column("rivals", sa.JSON(), nullable=True))
    _fill_shown_times()
    _fill_rivals()
    with op.batch_alter_table("key_points") as batch:
        batch.alter_column("rivals", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("key_points") as batch:
        batch.drop_column("rivals")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("shown_at")


def _shown(published: datetime | None, seen: datetime) -> datetime:
    """The rule the views applied before this revision (a frozen copy: migrations must not
    change when the application's code does)."""
    if published is None:
        return seen
    if published.tzinfo is None and seen.tzinfo is not None:
        published = published.replace(tzinfo=seen.tzinfo)
    elif published.tzinfo is not None and seen.tzinfo is None:
        published = published.replace(tzinfo=None)
    if published > seen or published < seen - PREVIOUS_WINDOW:
        return seen
    return published


def _fill_shown_times() -> None:
    bind = op.get_bind()
    articles = sa.Table("articles", sa.MetaData(), autoload_with=bind)
    placed = bind.execute(
        sa.select(articles.c.id, articles.c.published_at, articles.c.fetched_at).where(
            articles.c.story_id.is_not(None)
        )
    ).all()
    for article_id, published, fetched in placed:
        bind.execute(
            sa.update(articles)
            .where(articles.c.id == article_id)
            .values(shown_at=_shown(published, fetched))
        )


def _fill_rivals() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    points = sa.Table("key_points", meta, autoload_with=bind)
    revisions = sa.Table("story_revisions", meta, autoload_with=bind)
    bind.execute(sa.update(points).values(rivals=[]))
    newest = (
        sa.select(revisions.c.story_id, sa.func.max(revisions.c.number).label("number"))
        .group_by(revisions.c.story_id)
        .subquery()
    )
    rows = bind.execute(
        sa.select(revisions.c.story_id, revisions.c.key_points).join(
            newest,
            (revisions.c.story_id == newest.c.story_id) & (revisions.c.number == newest.c.number),
        )
    ).all()
    for story_id, stored in rows:
        for point in stored or []:
            marks = point.get("rivals") if isinstance(point, dict) else None
            if not marks:
                continue
            bind.execute(
                sa.update(points)
                .where((points.c.story_id == story_id) & (points.c.text == point.get("text")))
                .values(rivals=list(marks))
            )
