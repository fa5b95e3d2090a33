"""problem reports get a status and an instructor's reply, which the learner sees

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add status (existing reports are open), reply and resolved_at."""
    with op.batch_alter_table("problem_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), server_default="open", nullable=False))
        batch_op.add_column(sa.Column("reply", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("problem_report", schema=None) as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("reply")
        batch_op.drop_column("status")
