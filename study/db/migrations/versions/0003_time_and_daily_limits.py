"""time spent per exam question, and daily review limits per learner

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the daily limits (Anki's defaults for existing accounts), the viewing clock and seconds per item."""
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_cards_per_day", sa.Integer(), server_default="20", nullable=False))
        batch_op.add_column(sa.Column("reviews_per_day", sa.Integer(), server_default="200", nullable=False))
    with op.batch_alter_table("quiz_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("viewing_since", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seconds_spent", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    """Drop the columns again."""
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.drop_column("seconds_spent")
    with op.batch_alter_table("quiz_session", schema=None) as batch_op:
        batch_op.drop_column("viewing_since")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("reviews_per_day")
        batch_op.drop_column("new_cards_per_day")
