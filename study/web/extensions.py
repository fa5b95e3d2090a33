"""Extension objects, created unbound and attached to the app in create_app."""
from __future__ import annotations

from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str):
    """Load the logged-in account by id."""
    from study.web.db import db_session
    from study.web.models import User

    return db_session().get(User, int(user_id)) if user_id.isdigit() else None


def lazy_current_user() -> dict:
    """Give templates Flask-Login's proxy rather than the loaded account.

    Flask-Login's own context processor loads the account for every template, even where the view
    passes it in (the question page gets it joined to the quiz session); the proxy loads it only
    when a template reads it, with the same session protection.
    """
    return {"current_user": current_user}


class PageCsrfToken:
    """The request's CSRF token for a page's forms (`{{ csrf }}`), signed on first use and then kept.

    Pages with no form never sign one (nor put a token in a visitor's session); a page with three
    forms asks Flask-WTF once instead of three times.
    """

    __slots__ = ("_token",)

    def __init__(self) -> None:
        self._token: str | None = None

    def __html__(self) -> str:
        if self._token is None:
            self._token = generate_csrf()
        return self._token

    __str__ = __html__


def page_csrf_token() -> dict:
    """Give each rendered template its own lazily signed CSRF token."""
    return {"csrf": PageCsrfToken()}
