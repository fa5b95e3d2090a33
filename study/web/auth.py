"""Register, log in, log out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import update
from werkzeug.exceptions import TooManyRequests

from study.db.models import ProblemReport, QuizSession, Role, User
from study.web import limits
from study.web.accounts import AccountError, authenticate, create_account
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
        limits.limit_by_address(limits.REGISTER, "registrations from your address")
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


def checked_login(username: str, password: str) -> User | None:
    """The account when the password is right, None when not; 429 when the account or address must wait.

    The hits are taken before the password is checked, so guesses sent together cannot all be checked
    against a count that none of them has raised yet. A right password clears its account's failures
    and takes back its hit on the address, so learners behind one address do not use up each other's tries.
    """
    address = limits.client_address()
    refusal = limits.take(limits.LOGIN_ADDRESS, address)
    if refusal is not None:
        raise limits.too_many(refusal, "failed logins from your address")
    refusal = limits.take(limits.LOGIN_ACCOUNT, username)
    if refusal is not None:
        limits.give_back(limits.LOGIN_ADDRESS, address)
        raise limits.too_many(refusal, "failed logins for this account")
    user = authenticate(db_session(), username, password)
    if user is not None:
        limits.forget(limits.LOGIN_ACCOUNT, username)
        limits.give_back(limits.LOGIN_ADDRESS, address)
    return user


def start_login(user: User) -> None:
    """Log user in on a new session, bringing along what the visitor did before."""
    if current_user.is_authenticated and current_user.is_visitor:
        _adopt_visitor_work(current_user._get_current_object(), user)
    db_session().commit()
    session.clear()  # rotate: a session cookie from before the login is not the logged-in one
    login_user(user, remember=True)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in; after repeated failures for the name or the address, each further try must wait longer."""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            user = checked_login(username, request.form.get("password", ""))
        except TooManyRequests as refusal:
            flash(refusal.description, "error")
            return render_template("auth/login.html"), 429, {"Retry-After": str(refusal.retry_after)}
        if user is None:
            flash("Unknown username or wrong password.", "error")
            return render_template("auth/login.html"), 401
        start_login(user)
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
