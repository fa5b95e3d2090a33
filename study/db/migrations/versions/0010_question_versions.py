"""question_version (published versions of questions, by content hash); session items, item attempts
and problem reports record the version the learner saw, and reports the session, drawn values and pick

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import study.db.engine

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create question_version; add the version columns (empty for rows stored before)."""
    op.create_table(
        "question_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.Column("retired_at", study.db.engine.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_version")),
        sa.UniqueConstraint("bank_id", "question_id", "content_hash", name=op.f("uq_question_version_bank_id")),
    )
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("item_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("problem_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("question_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("picks", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_problem_report_session_id"), ["session_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_problem_report_session_id_quiz_session"), "quiz_session",
                                    ["session_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    """Drop the version columns and question_version (the stored versions are lost)."""
    with op.batch_alter_table("problem_report", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_problem_report_session_id_quiz_session"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_problem_report_session_id"))
        batch_op.drop_column("picks")
        batch_op.drop_column("params")
        batch_op.drop_column("question_hash")
        batch_op.drop_column("session_id")
    with op.batch_alter_table("item_attempt", schema=None) as batch_op:
        batch_op.drop_column("question_hash")
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.drop_column("question_hash")
    op.drop_table("question_version")
