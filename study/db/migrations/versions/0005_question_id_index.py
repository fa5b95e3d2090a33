"""an index on the question id of session items, so a bank's statistics read only its own answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index session_item.question_id."""
    op.create_index("ix_session_item_question_id", "session_item", ["question_id"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_session_item_question_id", table_name="session_item")
