"""living stories: revisions, updates, one preferences value, claims with leases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 13:00:00

Existing stories become revision 1 with their key points (already fanned out when the story
was), and each subscription's timing columns move into the one `prefs` JSON value.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(length=16), nullable=False, server_default="settings")
        )
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("conflicts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("dirty", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("key_points") as batch:
        batch.add_column(sa.Column("outlets", sa.JSON(), nullable=True))
    op.create_table(
        "story_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_points", sa.JSON(), nullable=False),
        sa.Column("new_points", sa.JSON(), nullable=False),
        sa.Column("outlets", sa.JSON(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("fanned_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_revisions_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_revisions")),
        sa.UniqueConstraint("story_id", "number", name=op.f("uq_story_revisions_story_id")),
    )
    with op.batch_alter_table("story_revisions") as batch:
        batch.create_index(batch.f("ix_story_revisions_story_id"), ["story_id"], unique=False)
        batch.create_index(
            batch.f("ix_story_revisions_fanned_out_at"), ["fanned_out_at"], unique=False
        )
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("prefs", sa.JSON(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint("uq_deliveries_subscriber_id", type_="unique")
        batch.create_unique_constraint(
            "uq_deliveries_subscriber_id", ["subscriber_id", "story_id", "seq"]
        )
    _move_data()
    with op.batch_alter_table("subscriptions") as batch:
        batch.alter_column("prefs", existing_type=sa.JSON(), nullable=False)
        for column in ("mode", "digest_times", "timezone", "quiet_start", "quiet_end"):
            batch.drop_column(column)
    with op.batch_alter_table("stories") as batch:
        batch.alter_column("conflicts", existing_type=sa.JSON(), nullable=False)
        # Fan-out is per revision now, and a story is summarized from all its articles.
        for column in ("fanned_out_at", "best_article_id", "embedding"):
            batch.drop_column(column)
    with op.batch_alter_table("key_points") as batch:
        batch.alter_column("outlets", existing_type=sa.JSON(), nullable=False)


def _move_data() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    stories = sa.Table("stories", meta, autoload_with=bind)
    points = sa.Table("key_points", meta, autoload_with=bind)
    articles = sa.Table("articles", meta, autoload_with=bind)
    revisions = sa.Table("story_revisions", meta, autoload_with=bind)
    subscriptions = sa.Table("subscriptions", meta, autoload_with=bind)
    deliveries = sa.Table("deliveries", meta, autoload_with=bind)

    bind.execute(sa.update(points).values(outlets=[]))
    for story in bind.execute(sa.select(stories)).mappings().all():
        rows = bind.execute(
            sa.select(points.c.text, points.c.evidence)
            .where(points.c.story_id == story["id"])
            .order_by(points.c.position)
        ).all()
        count = bind.execute(
            sa.select(sa.func.count()).where(articles.c.story_id == story["id"])
        ).scalar_one()
        key_points = [{"text": t, "evidence": list(e or []), "outlets": []} for t, e in rows]
        bind.execute(
            sa.insert(revisions).values(
                story_id=story["id"],
                number=1,
                created_at=story["created_at"],
                key_points=key_points,
                new_points=[p["text"] for p in key_points],
                outlets=[],
                article_count=int(count),
                fanned_out_at=story["fanned_out_at"] or story["created_at"],
            )
        )
        bind.execute(
            sa.update(stories)
            .where(stories.c.id == story["id"])
            .values(revision=1, dirty=False, conflicts=[], changed_at=story["updated_at"])
        )
    bind.execute(sa.update(deliveries).values(revision=1))
    for row in bind.execute(sa.select(subscriptions)).mappings().all():
        prefs = {
            "mode": row["mode"] or "instant",
            "digest_times": list(row["digest_times"] or []),
            "timezone": row["timezone"] or "UTC",
            "quiet_start": row["quiet_start"],
            "quiet_end": row["quiet_end"],
        }
        bind.execute(
            sa.update(subscriptions).where(subscriptions.c.id == row["id"]).values(prefs=prefs)
        )


def downgrade() -> None:
    raise NotImplementedError("0002 moves data into new shapes; restore a backup instead")
