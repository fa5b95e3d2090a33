"""assignment.banks: an assignment may draw from whole banks (an instructor's own published bank)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column; assignments set before draw from no bank, as before."""
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("banks", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    """Drop the column (an assignment by banks alone then draws from nothing it names)."""
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("banks")
