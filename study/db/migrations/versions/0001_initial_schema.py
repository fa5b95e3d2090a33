"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import study.db.engine

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('at', study.db.engine.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_username_at', ['username', 'at'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=True),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('role', sa.Enum('visitor', 'learner', 'instructor', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', study.db.engine.UTCDateTime(), nullable=False),
    sa.Column('desired_retention', sa.Double(), nullable=False),
    sa.Column('exam_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('problem_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', study.db.engine.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_problem_report_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_report'))
    )
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_report_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problem_report_user_id'), ['user_id'], unique=False)

    op.create_table('quiz_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.Enum('practice', 'exam', 'review', name='mode', native_enum=False, length=20), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('started_at', study.db.engine.UTCDateTime(), nullable=False),
    sa.Column('deadline', study.db.engine.UTCDateTime(), nullable=True),
    sa.Column('finished_at', study.db.engine.UTCDateTime(), nullable=True),
    sa.Column('correct', sa.Integer(), nullable=True),
    sa.Column('scaled_score', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_quiz_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_session'))
    )
    with op.batch_alter_table('quiz_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_session_user_id'), ['user_id'], unique=False)

    op.create_table('review_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('due', study.db.engine.UTCDateTime(), nullable=False),
    sa.Column('lapses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_card_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_card')),
    sa.UniqueConstraint('user_id', 'kind', 'key', name=op.f('uq_review_card_user_id'))
    )
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.create_index('ix_review_card_user_id_due', ['user_id', 'due'], unique=False)

    op.create_table('session_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=200), nullable=False),
    sa.Column('choice_order', sa.JSON(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=True),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['quiz_session.id'], name=op.f('fk_session_item_session_id_quiz_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_item')),
    sa.UniqueConstraint('session_id', 'position', name=op.f('uq_session_item_session_id'))
    )
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('numeric_value', sa.Double(), nullable=True),
    sa.Column('unsure', sa.Boolean(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('answered_at', study.db.engine.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['session_item.id'], name=op.f('fk_answer_item_id_session_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('item_id', name=op.f('uq_answer_item_id'))
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('answer')
    op.drop_table('session_item')
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.drop_index('ix_review_card_user_id_due')

    op.drop_table('review_card')
    with op.batch_alter_table('quiz_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_session_user_id'))

    op.drop_table('quiz_session')
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_report_user_id'))
        batch_op.drop_index(batch_op.f('ix_problem_report_question_id'))

    op.drop_table('problem_report')
    op.drop_table('user')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_username_at')

    op.drop_table('login_attempt')
