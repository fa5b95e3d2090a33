"""session version on accounts, so logout and a new password revoke every cookie issued before

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add user.session_version (0 for every existing account)."""
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    """Drop user.session_version."""
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
