"""Extension objects, created unbound and attached to the app in create_app."""
from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(cookie_id: str):
    """The account a cookie names, only while the cookie's session version is the account's current one."""
    from study.db.models import User
    from study.web.database import db_session

    account, _, version = cookie_id.partition(":")
    if not (account.isascii() and account.isdigit() and version.isascii() and version.isdigit()):
        return None  # includes cookies from before session versions: they log in again
    user = db_session().get(User, int(account))
    return user if user is not None and user.session_version == int(version) else None
