"""Everything stored about one account: gathered as JSON for the learner, or deleted in one transaction."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from study.db.models import Answer, ProblemReport, QuizSession, ReviewCard, SessionItem, Throttle, User
from study.web.limits import LOGIN_ACCOUNT

FORMAT = "study-account-data/1"


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates and times as ISO 8601 text."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def _columns(row, *names: str) -> dict[str, Any]:
    """The named attributes of row as a JSON-ready dict."""
    return {name: _plain(getattr(row, name)) for name in names}


def _answer(answer: Answer | None) -> dict[str, Any] | None:
    """One stored answer."""
    return None if answer is None else _columns(answer, "choices", "numeric_value", "unsure", "correct", "answered_at")


def _session(session: QuizSession) -> dict[str, Any]:
    """One quiz session with its questions and answers."""
    data = _columns(session, "id", "mode", "settings", "position", "item_count", "started_at", "deadline",
                    "finished_at", "correct", "scaled_score")
    data["items"] = [_columns(item, "position", "question_id", "choice_order", "params", "flagged")
                     | {"answer": _answer(item.answer)} for item in session.items]
    return data


def account_export(db: Session, user: User) -> dict[str, Any]:
    """Every row stored about user, as one JSON-ready document (the password only as the fact of its hash)."""
    sessions = db.scalars(select(QuizSession).where(QuizSession.user_id == user.id).order_by(QuizSession.id)
                          .options(selectinload(QuizSession.items).selectinload(SessionItem.answer))).all()
    cards = db.scalars(select(ReviewCard).where(ReviewCard.user_id == user.id).order_by(ReviewCard.id)).all()
    reports = db.scalars(select(ProblemReport).where(ProblemReport.user_id == user.id)
                         .order_by(ProblemReport.id)).all()
    counters = db.scalars(select(Throttle).where(Throttle.scope == LOGIN_ACCOUNT, Throttle.key == user.username)).all()
    return {
        "format": FORMAT,
        "account": _columns(user, "username", "role", "created_at", "desired_retention", "exam_date")
        | {"password": "stored only as a salted hash, which is not included"},
        "quiz_sessions": [_session(session) for session in sessions],
        "review_cards": [_columns(card, "kind", "key", "card", "due", "lapses") for card in cards],
        "problem_reports": [_columns(report, "question_id", "message", "created_at") for report in reports],
        "failed_logins": [_columns(counter, "hits", "blocked_until") for counter in counters],
    }


def delete_account(db: Session, user: User) -> None:
    """Delete user and every row that belongs to them, children first (commit is the caller's: one transaction)."""
    sessions = select(QuizSession.id).where(QuizSession.user_id == user.id)
    items = select(SessionItem.id).where(SessionItem.session_id.in_(sessions))
    db.execute(delete(Answer).where(Answer.item_id.in_(items)))
    db.execute(delete(SessionItem).where(SessionItem.session_id.in_(sessions)))
    db.execute(delete(QuizSession).where(QuizSession.user_id == user.id))
    db.execute(delete(ReviewCard).where(ReviewCard.user_id == user.id))
    db.execute(delete(ProblemReport).where(ProblemReport.user_id == user.id))
    if user.username:
        db.execute(delete(Throttle).where(Throttle.scope == LOGIN_ACCOUNT, Throttle.key == user.username))
    db.execute(delete(User).where(User.id == user.id))
