"""served_version (which version of each question learners are served, as a log) and published_bank
(a published bank's title); a question retired before keeps its retirement through its newest version

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import study.db.engine

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create both tables. Questions were served from the banks folder until now, so only retired ones get a
    served version (their newest, as the app judged retirement before)."""
    op.create_table(
        "served_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("served_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_served_version")),
    )
    op.create_index("ix_served_version_question", "served_version", ["bank_id", "question_id"], unique=False)
    op.create_table(
        "published_bank",
        sa.Column("bank_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("updated_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("bank_id", name=op.f("pk_published_bank")),
    )
    op.execute(
        "INSERT INTO served_version (bank_id, question_id, content_hash, served_at) "
        "SELECT v.bank_id, v.question_id, v.content_hash, v.created_at FROM question_version v "
        "WHERE v.retired_at IS NOT NULL AND v.id = (SELECT max(w.id) FROM question_version w "
        "WHERE w.bank_id = v.bank_id AND w.question_id = v.question_id) ORDER BY v.id"
    )


def downgrade() -> None:
    """Drop both tables (the record of which version was served is lost; the versions stay)."""
    op.drop_table("published_bank")
    op.drop_index("ix_served_version_question", table_name="served_version")
    op.drop_table("served_version")
