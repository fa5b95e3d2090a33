"""Who is asking and what they may see: the current learner, their own sessions, instructor pages."""
from __future__ import annotations

import functools

from flask import abort
from flask_login import current_user, login_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from study.db.models import QuizSession, Role, User
from study.web.clock import now
from study.web.database import db_session


def learner() -> User:
    """The current account, making a visitor account on the fly for someone not logged in."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    visitor = User(role=Role.VISITOR, created_at=now())
    db_session().add(visitor)
    db_session().commit()
    login_user(visitor, remember=True)
    return visitor


def owned_session(session_id: int) -> QuizSession:
    """The current user's quiz session with this id (its account loaded with it); 404 for anyone else's."""
    found = None
    if current_user.is_authenticated:
        found = db_session().scalar(
            select(QuizSession).options(joinedload(QuizSession.user))
            .where(QuizSession.id == session_id, QuizSession.user_id == current_user.id))
    if found is None:
        abort(404, description="There is no such session among yours.")
    return found


def instructor_required(view):
    """Refuse the view to everyone but instructors (403)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated or current_user.role != Role.INSTRUCTOR:
            abort(403, description="This page is for instructors.")
        return view(*args, **kwargs)

    return wrapped
