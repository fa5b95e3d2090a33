"""item statistics per question version: the item_attempt indexes lead with the question and its version

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

QUESTION = ("ix_item_attempt_question", ["question_id", "question_hash", "rest", "correct", "session_id"],
            ["question_id", "session_id", "correct", "rest"])
PICKS = ("ix_item_attempt_picks", ["question_id", "question_hash", "picks"], ["question_id", "picks"])


def upgrade() -> None:
    """Rebuild both statistics indexes with the version after the question (they keep their names)."""
    for name, columns, _before in (QUESTION, PICKS):
        op.drop_index(name, table_name="item_attempt")
        op.create_index(name, "item_attempt", columns)


def downgrade() -> None:
    """The indexes as revision 0010 left them."""
    for name, _columns, before in (QUESTION, PICKS):
        op.drop_index(name, table_name="item_attempt")
        op.create_index(name, "item_attempt", before)
