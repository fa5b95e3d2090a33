"""Small helpers for reading state the browser would see, straight from the database."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from study.db.models import Answer, QuizSession
from study.web.database import db_session


def session_id_from(response) -> int:
    """The quiz session id in a redirect Location."""
    return int(re.search(r"/(?:practice|exam)/(\d+)", response.headers["Location"]).group(1))


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


def start_practice(client, **form) -> int:
    """Start a practice session through the form; returns its id."""
    data = {"count": "3"} | form
    response = client.post("/practice/start", data=data)
    assert response.status_code == 302, response.data
    return session_id_from(response)


def wrong_choice(item) -> str:
    """A choice id that is not in the fake key."""
    return next(c for c in item.choice_order if c.startswith("wrong") or c == "c")
