"""item attempts: one row per question of a finished session, written at finish, read by item statistics

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The sessions already finished, as the app writes them from now on (see study/db/item_stats.py).
BACKFILL = """
INSERT INTO item_attempt (session_id, question_id, correct, rest, picks)
SELECT si.session_id, si.question_id,
       CASE WHEN a.correct THEN 1 ELSE 0 END,
       CAST(qs.correct - CASE WHEN a.correct THEN 1 ELSE 0 END AS FLOAT) / (qs.item_count - 1),
       COALESCE(CAST(a.choices AS TEXT), '[]')
FROM session_item si
JOIN quiz_session qs ON qs.id = si.session_id
LEFT JOIN answer a ON a.item_id = si.id
WHERE qs.finished_at IS NOT NULL AND qs.correct IS NOT NULL AND qs.item_count >= 2
"""


def upgrade() -> None:
    """Create item_attempt and fill it from every finished session of two or more questions."""
    op.create_table(
        "item_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("rest", sa.Float(), nullable=False),
        sa.Column("picks", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["quiz_session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_item_attempt_session_id", "item_attempt", ["session_id"])
    op.create_index("ix_item_attempt_question", "item_attempt", ["question_id", "session_id", "correct", "rest"])
    op.create_index("ix_item_attempt_picks", "item_attempt", ["question_id", "picks"])
    op.execute(BACKFILL)


def downgrade() -> None:
    """Drop the table (the sessions and answers it was made from stay)."""
    op.drop_index("ix_item_attempt_picks", table_name="item_attempt")
    op.drop_index("ix_item_attempt_question", table_name="item_attempt")
    op.drop_index("ix_item_attempt_session_id", table_name="item_attempt")
    op.drop_table("item_attempt")
