"""Helpers shared by the views: the loaded catalog, who is asking, and what they may see."""
from __future__ import annotations

import functools
import threading
from pathlib import Path

from flask import abort, current_app
from flask import session as flask_session
from flask_login import current_user, login_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from study.web.catalog import Catalog
from study.web.clock import now
from study.web.db import db_session
from study.web.models import Answer, QuizSession, Role, SessionItem, User

_catalog_lock = threading.Lock()
# Built once: the question page runs it on every request, and building it costs more than running it.
# Plain entities rather than joinedload options: the ORM then sets up no eager loaders per execution.
OWNED_WITH_CURRENT = (
    select(QuizSession, SessionItem, Answer, User)
    .join(User, User.id == QuizSession.user_id)
    .outerjoin(SessionItem, (SessionItem.session_id == QuizSession.id) & (SessionItem.position == QuizSession.position))
    .outerjoin(Answer, Answer.item_id == SessionItem.id)
    .where(QuizSession.id == bindparam("sid"), QuizSession.user_id == bindparam("uid"))
)


def catalog() -> Catalog:
    """The app's notes and banks: STUDY_CATALOG when given, else loaded once from disk."""
    app = current_app
    found = app.extensions.get("study.catalog") or app.config.get("STUDY_CATALOG")
    if found is None:
        with _catalog_lock:
            found = app.extensions.get("study.catalog")
            if found is None:
                from study.web.model_adapter import load_catalog

                found = load_catalog(
                    Path(app.config["STUDY_CONTENT_DIR"]), Path(app.config["STUDY_QUESTIONS_DIR"])
                )
    app.extensions["study.catalog"] = found
    return found


def learner() -> User:
    """The current account, making a visitor account on the fly for someone not logged in."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    visitor = User(role=Role.VISITOR, created_at=now())
    db_session().add(visitor)
    db_session().commit()
    login_user(visitor, remember=True)
    return visitor


def signed_in_user_id() -> int | None:
    """The logged-in account's id without loading the account.

    Flask-Login keeps the id in the signed session cookie; reading it there saves the question page
    and answers a query (the account comes joined to the quiz session instead). A login restored
    from the remember cookie has no id there yet, so that case goes through Flask-Login.
    """
    user_id = flask_session.get("_user_id")
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.get_id()
    return int(user_id) if user_id is not None and str(user_id).isdigit() else None


def owned_session(session_id: int) -> QuizSession:
    """The current user's quiz session with this id; 404 for anyone else's or a missing one.

    The item at the session's position, its answer and the account come in the same query (question
    pages need them): they are set on the objects as loaded, and the item is kept in quiz.preloaded
    for quiz.item_at.
    """
    row, user_id = None, signed_in_user_id()
    if user_id is not None:
        row = db_session().execute(OWNED_WITH_CURRENT, {"sid": session_id, "uid": user_id}).one_or_none()
    if row is None:
        abort(404, description="There is no such session among yours.")
    quiz, item, answer, user = row
    set_committed_value(quiz, "user", user)
    quiz.preloaded = {}
    if item is not None:
        set_committed_value(item, "answer", answer)
        quiz.preloaded[item.position] = item
    return quiz


def instructor_required(view):
    """Refuse the view to everyone but instructors (403)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated or current_user.role != Role.INSTRUCTOR:
            abort(403, description="This page is for instructors.")
        return view(*args, **kwargs)

    return wrapped
