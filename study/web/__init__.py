"""The study web app: create_app registers configuration, extensions and blueprints, nothing more."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

from study import locations
from study.web import db
from study.web.clock import system_now
from study.web.extensions import csrf, lazy_current_user, login_manager, page_csrf_token
from study.web.templating import TemplateEnvironment, template_globals

ENV_KEYS = {"STUDY_DATABASE_URL": "STUDY_DATABASE_URL", "STUDY_SECRET_KEY": "SECRET_KEY"}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then environment, then test_config; no database work here."""
    app = Flask(__name__, instance_relative_config=True)
    app.jinja_environment = TemplateEnvironment  # read when app.jinja_env is first built, below
    app.config.from_mapping(
        STUDY_DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'study.db'}",
        STUDY_CONTENT_DIR=str(locations.content_dir()),
        STUDY_QUESTIONS_DIR=str(locations.questions_dir()),
        STUDY_CLOCK=system_now,
        STUDY_FSRS_FUZZING=True,
        STUDY_EXAM_QUESTIONS=65,
        STUDY_EXAM_MINUTES=130,
        STUDY_LOGIN_LIMIT=5,
        STUDY_LOGIN_WINDOW_MINUTES=15,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=30),  # closing the browser must not lose a visitor's work
        WTF_CSRF_TIME_LIMIT=None,
    )
    for env_name, key in ENV_KEYS.items():
        if os.environ.get(env_name):
            app.config[key] = os.environ[env_name]
    if os.environ.get("STUDY_SECURE_COOKIES") == "1":  # behind HTTPS: never send cookies in clear
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lazy_current_user)
    app.context_processor(page_csrf_token)
    register_blueprints(app)
    return app


def instance_secret_key(instance: Path) -> str:
    """Read the secret key kept in the instance folder, generating it on first run."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from study.web import api, auth, dashboard, errors, exam, notes, practice, reports, review

    for module in (auth, notes, practice, exam, review, dashboard, reports, api, errors):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(template_globals())
