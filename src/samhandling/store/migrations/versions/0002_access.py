"""Who saved each revision, the kommune a map belongs to, users, grants and read-only links.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (nullable, no default): SQLite and PostgreSQL alter in place, no table copy
    op.add_column("maps", sa.Column("kommune", sa.Text, nullable=True))
    op.add_column("revisions", sa.Column("author", sa.Text, nullable=True))
    op.create_table(
        "users",
        sa.Column("email", sa.Text, primary_key=True),
        sa.Column("kommune", sa.Text, nullable=True),
        sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "grants",
        sa.Column("map_id", sa.Integer, nullable=False),
        sa.Column("principal", sa.Text, nullable=False),
        sa.Column("can_write", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("map_id", "principal"),
        sa.ForeignKeyConstraint(["map_id"], ["maps.id"], ondelete="CASCADE"),
    )
    op.create_table(
        "share_links",
        sa.Column("token", sa.Text, primary_key=True),
        sa.Column("map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("share_links", "grants", "users"):
        op.drop_table(table)
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("author")
    with op.batch_alter_table("maps") as batch:
        batch.drop_column("kommune")
