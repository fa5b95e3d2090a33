"""What the database holds after a request: a quiz session with its items and answers, the answer count."""
from __future__ import annotations

from sqlalchemy import func, select

from study.db.models import Answer, QuizSession
from study.web.database import db_session


def load_session(app, session_id: int) -> QuizSession:
    """The session with items and answers loaded."""
    with app.app_context():
        quiz = db_session().get(QuizSession, session_id)
        for item in quiz.items:
            _ = item.answer
        return quiz


def current(app, session_id: int):
    """The current item of a session."""
    quiz = load_session(app, session_id)
    return quiz.items[quiz.position]


def answer_count(app) -> int:
    """How many answers are stored."""
    with app.app_context():
        return db_session().scalar(select(func.count(Answer.id)))
