"""classes with join codes, their learners and assignments; sessions remember the assignment they answer

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import study.db.engine

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create classroom, class_member and assignment; add quiz_session.assignment_id."""
    op.create_table(
        "classroom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instructor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instructor_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("join_code"),
    )
    op.create_index("ix_classroom_instructor_id", "classroom", ["instructor_id"])
    op.create_table(
        "class_member",
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["classroom_id"], ["classroom.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("classroom_id", "user_id"),
    )
    op.create_index("ix_class_member_user_id", "class_member", ["user_id"])
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("mode", sa.Enum("practice", "exam", "review", name="mode", native_enum=False, length=20),
                  nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("due_at", study.db.engine.UTCDateTime(), nullable=True),
        sa.Column("created_at", study.db.engine.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["classroom_id"], ["classroom.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assignment_classroom_id", "assignment", ["classroom_id"])
    with op.batch_alter_table("quiz_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_quiz_session_assignment_id", ["assignment_id"])
        batch_op.create_foreign_key("fk_quiz_session_assignment_id", "assignment", ["assignment_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade() -> None:
    """Drop them again (sessions keep their answers; only the link to the assignment goes)."""
    with op.batch_alter_table("quiz_session", schema=None) as batch_op:
        batch_op.drop_constraint("fk_quiz_session_assignment_id", type_="foreignkey")
        batch_op.drop_index("ix_quiz_session_assignment_id")
        batch_op.drop_column("assignment_id")
    op.drop_index("ix_assignment_classroom_id", table_name="assignment")
    op.drop_table("assignment")
    op.drop_index("ix_class_member_user_id", table_name="class_member")
    op.drop_table("class_member")
    op.drop_index("ix_classroom_instructor_id", table_name="classroom")
    op.drop_table("classroom")
