"""Extension objects, created unbound and attached to the app in create_app."""
from __future__ import annotations

from flask import current_app, g, session
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf
from itsdangerous import Serializer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

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


class _CsrfTokenSerializer(URLSafeTimedSerializer):
    """Flask-WTF's token serializer, minus its attempt to compress the payload.

    The payload is a 40-hex-digit token in quotes, which zlib never makes shorter, so the output is
    the same; the attempt alone (setting up a zlib stream for 42 bytes) took 11 of the 20 µs that
    signing a token cost.
    """

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


def signed_csrf_token() -> str:
    """The request's CSRF token, as Flask-WTF's generate_csrf signs it and validate_csrf checks it.

    Flask-WTF keeps the raw token in the session and the signed one in `g`, both under the form
    field's name; it still makes the raw token the first time (tests/web/test_csrf_token.py holds
    the two to the same output).
    """
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(name)
    if token is None:
        raw = session.get(name)
        if not isinstance(raw, str):
            return generate_csrf()
        secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        token = _CsrfTokenSerializer(secret, salt="wtf-csrf-token").dumps(raw)
        setattr(g, name, token)
    return token


class PageCsrfToken:
    """The request's CSRF token for a page's forms (`{{ csrf }}`), signed on first use and then kept.

    Pages with no form never sign one (nor put a token in a visitor's session); a page with three
    forms signs once instead of going through Flask-WTF three times.
    """

    __slots__ = ("_token",)

    def __init__(self) -> None:
        self._token: str | None = None

    def __html__(self) -> str:
        if self._token is None:
            self._token = signed_csrf_token()
        return self._token

    __str__ = __html__


def page_csrf_token() -> dict:
    """Give each rendered template its own lazily signed CSRF token."""
    return {"csrf": PageCsrfToken()}
