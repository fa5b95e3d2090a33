"""A learner's own account: change the password, download everything stored about them, delete it all."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests
from werkzeug.security import generate_password_hash

from study.db.models import User
from study.web.account_data import account_export, delete_account
from study.web.accounts import AccountError, check_new_password
from study.web.auth import checked_login
from study.web.database import db_session

bp = Blueprint("account", __name__, url_prefix="/account")


def registered() -> User:
    """The logged-in account; 403 for a visitor, who has no password to check."""
    if current_user.is_visitor:
        abort(403, description="Register first: a visitor's work has no password to protect it.")
    return current_user._get_current_object()


def password_confirmed(user: User) -> bool:
    """True when the form's current password is the account's; flashes why not (throttled like a login)."""
    try:
        confirmed = checked_login(user.username, request.form.get("current_password", "")) is not None
    except TooManyRequests as refusal:
        flash(refusal.description, "error")
        return False
    if not confirmed:
        flash("That is not your current password.", "error")
    return confirmed


@bp.route("/")
@login_required
def show():
    """The account page: password, data download, deletion."""
    if current_user.is_visitor:
        flash("Register to get an account page; your practice so far will be kept.", "info")
        return redirect(url_for("auth.register"))
    return render_template("account/show.html")


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """Set a new password; this browser stays logged in on a new session, every other one is logged out."""
    user = registered()
    if not password_confirmed(user):
        return render_template("account/show.html"), 422
    new_password = request.form.get("new_password", "")
    try:
        check_new_password(new_password)
    except AccountError as error:
        flash(str(error), "error")
        return render_template("account/show.html"), 422
    user.password_hash = generate_password_hash(new_password)
    user.session_version = (user.session_version or 0) + 1  # every cookie issued before stops working
    db_session().commit()
    session.clear()
    login_user(user, remember=True)
    flash("Your password was changed; every other browser was logged out.", "success")
    return redirect(url_for("account.show"))


@bp.route("/data.json")
@login_required
def download():
    """Everything stored about the current account, as a JSON file."""
    user = current_user._get_current_object()
    document = json.dumps(account_export(db_session(), user), indent=2, ensure_ascii=False)
    name = f"study-{user.username or 'visitor'}-data.json"
    return Response(document, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/delete", methods=["POST"])
@login_required
def delete():
    """Delete the account and everything it owns, after the password is confirmed."""
    user = registered()
    if not password_confirmed(user):
        return render_template("account/show.html"), 422
    delete_account(db_session(), user)
    db_session().commit()
    logout_user()
    session.clear()
    flash("Your account and everything stored with it were deleted.", "info")
    return redirect(url_for("dashboard.index"))
