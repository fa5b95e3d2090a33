"""The app's engine and one ORM session per request (plain SQLAlchemy 2, no Flask-SQLAlchemy)."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from study.db.engine import MAX_INTEGER, make_engine


class DatabaseIntegerConverter(IntegerConverter):
    """URL part `<dbint:name>`: a whole number from 1 to what an INTEGER column holds.

    A larger number can match no row, and PostgreSQL refuses to compare it with an INTEGER column
    at all; failing the route match turns it into the 404 it is instead of a server error.
    """

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_INTEGER)


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, created on first use (creating does not connect)."""
    app = app or current_app
    engine = app.extensions.get("study.engine")
    if engine is None:
        engine = app.extensions["study.engine"] = make_engine(app.config["STUDY_DATABASE_URL"])
    return engine


def dispose_engine(app: Flask) -> None:
    """Close every pooled connection of the app's engine (tests, forked workers)."""
    engine = app.extensions.pop("study.engine", None)
    if engine is not None:
        engine.dispose()


def db_session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the context's session at teardown (rolling back whatever was not committed)."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    """Register the id converter and the session teardown."""
    app.url_map.converters["dbint"] = DatabaseIntegerConverter
    app.teardown_appcontext(close_session)
