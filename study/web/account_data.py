"""Everything stored about one account: gathered as JSON for the learner, or deleted in one transaction."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from study.db.models import (
    Answer,
    Assignment,
    ClassMember,
    Classroom,
    ItemAttempt,
    ProblemReport,
    QuizSession,
    ReviewCard,
    SessionItem,
    Throttle,
    User,
)
from study.web.limits import LOGIN_ACCOUNT

FORMAT = "study-account-data/1"
NOT_EXPORTED = {"password_hash", "session_version"}  # secrets that protect the account, not data about the learner


def row_data(row) -> dict[str, Any]:
    """Every column of a row, JSON-ready (dates and times as ISO 8601 text), so new columns are exported too."""
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns
              if column.key not in NOT_EXPORTED}
    return {key: value.isoformat() if isinstance(value, date | datetime) else value for key, value in values.items()}


def _session(session: QuizSession) -> dict[str, Any]:
    """One quiz session with its questions, answers and the attempts item statistics read."""
    return row_data(session) | {
        "items": [row_data(item) | {"answer": item.answer and row_data(item.answer)} for item in session.items],
        "item_attempts": [row_data(attempt) for attempt in session.attempts],
    }


def _rows(db: Session, model, *conditions) -> list[dict[str, Any]]:
    """The rows of model that meet the conditions, in id order where there is one."""
    order = getattr(model, "id", None)
    query = select(model).where(*conditions)
    return [row_data(row) for row in db.scalars(query.order_by(order) if order is not None else query)]


def account_export(db: Session, user: User) -> dict[str, Any]:
    """Every row stored about user, as one JSON-ready document (the password only as the fact of its hash)."""
    sessions = db.scalars(select(QuizSession).where(QuizSession.user_id == user.id).order_by(QuizSession.id)
                          .options(selectinload(QuizSession.items).selectinload(SessionItem.answer),
                                   selectinload(QuizSession.attempts))).all()
    taught = select(Classroom.id).where(Classroom.instructor_id == user.id)
    return {
        "format": FORMAT,
        "account": row_data(user) | {"password": "stored only as a salted hash, which is not included"},
        "quiz_sessions": [_session(session) for session in sessions],
        "review_cards": _rows(db, ReviewCard, ReviewCard.user_id == user.id),
        "problem_reports": _rows(db, ProblemReport, ProblemReport.user_id == user.id),
        "class_memberships": _rows(db, ClassMember, ClassMember.user_id == user.id),
        "classes_taught": _rows(db, Classroom, Classroom.instructor_id == user.id),
        "assignments_set": _rows(db, Assignment, Assignment.classroom_id.in_(taught)),
        "failed_logins": _rows(db, Throttle, Throttle.scope == LOGIN_ACCOUNT, Throttle.key == user.username),
    }


def _delete_classes_taught(db: Session, user: User) -> None:
    """Delete the classes user teaches with their assignments and memberships; learners keep their sessions."""
    taught = select(Classroom.id).where(Classroom.instructor_id == user.id)
    assignments = select(Assignment.id).where(Assignment.classroom_id.in_(taught))
    db.execute(update(QuizSession).where(QuizSession.assignment_id.in_(assignments)).values(assignment_id=None))
    db.execute(delete(Assignment).where(Assignment.classroom_id.in_(taught)))
    db.execute(delete(ClassMember).where(ClassMember.classroom_id.in_(taught)))
    db.execute(delete(Classroom).where(Classroom.instructor_id == user.id))


def delete_account(db: Session, user: User) -> None:
    """Delete user and every row that belongs to them, children first (commit is the caller's: one transaction)."""
    sessions = select(QuizSession.id).where(QuizSession.user_id == user.id)
    items = select(SessionItem.id).where(SessionItem.session_id.in_(sessions))
    db.execute(delete(Answer).where(Answer.item_id.in_(items)))
    db.execute(delete(SessionItem).where(SessionItem.session_id.in_(sessions)))
    db.execute(delete(ItemAttempt).where(ItemAttempt.session_id.in_(sessions)))
    db.execute(delete(QuizSession).where(QuizSession.user_id == user.id))
    db.execute(delete(ReviewCard).where(ReviewCard.user_id == user.id))
    db.execute(delete(ProblemReport).where(ProblemReport.user_id == user.id))
    db.execute(delete(ClassMember).where(ClassMember.user_id == user.id))
    _delete_classes_taught(db, user)
    if user.username:
        db.execute(delete(Throttle).where(Throttle.scope == LOGIN_ACCOUNT, Throttle.key == user.username))
    db.execute(delete(User).where(User.id == user.id))
