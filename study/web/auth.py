"""Register, log in, log out."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import update

from study.db.models import ProblemReport, QuizSession, Role, User
from study.web.accounts import (
    AccountError,
    authenticate,
    create_account,
    too_many_attempts,
)
from study.web.clock import now
from study.web.database import db_session

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """A page of this site to go to next (a path, never another host), else the dashboard."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.index")


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a learner account; a visitor's practice so far is kept."""
    if request.method == "POST":
        db = db_session()
        visitor = current_user._get_current_object() if current_user.is_authenticated else None
        if visitor is not None and not visitor.is_visitor:
            flash("You are already logged in.", "info")
            return redirect(url_for("dashboard.index"))
        try:
            user = create_account(
                db, request.form.get("username", "").strip(), request.form.get("password", ""),
                Role.LEARNER, now(), visitor=visitor,
            )
        except AccountError as error:
            db.rollback()
            flash(str(error), "error")
            return render_template("auth/register.html"), 422
        db.commit()
        session.clear()  # a new session for the new account: nothing issued before carries over
        login_user(user, remember=True)
        flash(f"Welcome, {user.username}.", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/register.html")


def _adopt_visitor_work(visitor: User, user: User) -> None:
    """Move a visitor's sessions and reports to the account they just logged in to."""
    db = db_session()
    db.execute(update(QuizSession).where(QuizSession.user_id == visitor.id).values(user_id=user.id))
    db.execute(update(ProblemReport).where(ProblemReport.user_id == visitor.id).values(user_id=user.id))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in, refusing after too many recent failures for the name or address."""
    if request.method == "POST":
        db = db_session()
        username = request.form.get("username", "").strip()
        addr = request.remote_addr or "unknown"
        window = timedelta(minutes=current_app.config["STUDY_LOGIN_WINDOW_MINUTES"])
        if too_many_attempts(db, username, addr, now(), current_app.config["STUDY_LOGIN_LIMIT"], window):
            flash("Too many failed attempts; wait a few minutes and try again.", "error")
            return render_template("auth/login.html"), 429
        user = authenticate(db, username, request.form.get("password", ""), addr, now())
        if user is None:
            db.commit()
            flash("Unknown username or wrong password.", "error")
            return render_template("auth/login.html"), 401
        if current_user.is_authenticated and current_user.is_visitor:
            _adopt_visitor_work(current_user._get_current_object(), user)
        db.commit()
        session.clear()  # rotate: a session cookie from before the login is not the logged-in one
        login_user(user, remember=True)
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out."""
    user = current_user._get_current_object()
    user.session_version = (user.session_version or 0) + 1  # every copy of its cookies stops working
    db_session().commit()
    logout_user()
    flash("Logged out.", "info")
    return redirect(url_for("dashboard.index"))
