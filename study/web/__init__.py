"""The study web app: create_app registers configuration, extensions and blueprints, nothing more."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from study import locations
from study.web import cookies, database, input_guard, request_log, security_headers
from study.web.clock import system_now
from study.web.extensions import csrf, login_manager
from study.web.templating import template_globals

# Every setting an operator can change, read from the environment only: variable -> (config key, type).
ENVIRONMENT = {
    "STUDY_DATABASE_URL": ("STUDY_DATABASE_URL", str),
    "STUDY_SECRET_KEY": ("SECRET_KEY", str),
    "STUDY_CONTENT_DIR": ("STUDY_CONTENT_DIR", str),
    "STUDY_QUESTIONS_DIR": ("STUDY_QUESTIONS_DIR", str),
    "STUDY_EXAM_QUESTIONS": ("STUDY_EXAM_QUESTIONS", int),
    "STUDY_EXAM_MINUTES": ("STUDY_EXAM_MINUTES", int),
    "STUDY_LOG_LEVEL": ("STUDY_LOG_LEVEL", str),
    "STUDY_PROXY_HOPS": ("STUDY_PROXY_HOPS", int),
    "STUDY_LOGIN_LIMIT": ("STUDY_LOGIN_LIMIT", int),
    "STUDY_LOGIN_ADDRESS_LIMIT": ("STUDY_LOGIN_ADDRESS_LIMIT", int),
    "STUDY_REGISTER_LIMIT": ("STUDY_REGISTER_LIMIT", int),
    "STUDY_REPORT_LIMIT": ("STUDY_REPORT_LIMIT", int),
    "STUDY_THROTTLE_WINDOW_MINUTES": ("STUDY_THROTTLE_WINDOW_MINUTES", int),
}


class ConfigurationError(ValueError):
    """An environment variable that cannot be used; the message names it and what it takes."""


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then environment, then test_config; no database work here."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        STUDY_DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'study.db'}",
        STUDY_CONTENT_DIR=str(locations.content_dir()),
        STUDY_QUESTIONS_DIR=str(locations.questions_dir()),
        STUDY_CLOCK=system_now,
        STUDY_FSRS_FUZZING=True,
        STUDY_EXAM_QUESTIONS=65,
        STUDY_EXAM_MINUTES=130,
        STUDY_LOGIN_LIMIT=5,  # failed logins per account before each further try waits (doubling)
        STUDY_LOGIN_ADDRESS_LIMIT=30,  # per client address: a class behind one NAT shares it
        STUDY_REGISTER_LIMIT=30,  # a class registering together from one school address
        STUDY_REPORT_LIMIT=30,
        STUDY_THROTTLE_WINDOW_MINUTES=15,  # a quiet spell this long forgets; also the longest wait
        STUDY_LOG_LEVEL="INFO",
        STUDY_PROXY_HOPS=0,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=30),  # closing the browser must not lose a visitor's work
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(settings_from_environment(os.environ))
    if os.environ.get("STUDY_SECURE_COOKIES") == "1":  # behind HTTPS: never send cookies in clear
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if app.config["STUDY_PROXY_HOPS"]:  # behind a load balancer: trust exactly that many X-Forwarded-* hops
        hops = app.config["STUDY_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    database.init_app(app)
    request_log.init_app(app)
    input_guard.init_app(app)
    security_headers.init_app(app)
    csrf.init_app(app)
    cookies.init_app(app)  # before Flask-Login: hooks run last-registered first
    login_manager.init_app(app)
    register_blueprints(app)
    return app


def settings_from_environment(environ) -> dict:
    """The config values the environment sets, converted to their types."""
    settings = {}
    for variable, (key, kind) in ENVIRONMENT.items():
        text = environ.get(variable)
        if not text:
            continue
        try:
            settings[key] = kind(text)
        except ValueError:
            raise ConfigurationError(f"{variable}={text!r}: expected {kind.__name__}") from None
    return settings


def instance_secret_key(instance: Path) -> str:
    """Read the secret key kept in the instance folder, generating it on first run (local use only:
    servers set STUDY_SECRET_KEY so that every process and every host signs alike)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from study.web import (
        account,
        api,
        auth,
        classes,
        dashboard,
        downloads,
        errors,
        exam,
        health,
        notes,
        practice,
        publishing,
        reports,
        review,
        rules,
        sessions,
        statistics,
        versions,
    )

    for module in (auth, account, notes, practice, sessions, exam, review, dashboard, reports, statistics, classes,
                   versions, publishing, rules, downloads, api, health, errors):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(template_globals())
