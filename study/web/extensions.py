"""Extension objects, created unbound and attached to the app in create_app."""
from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str):
    """Load the logged-in account by id."""
    from study.db.models import User
    from study.web.database import db_session

    return db_session().get(User, int(user_id)) if user_id.isdigit() else None
