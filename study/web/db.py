"""Engine and per-request session management (plain SQLAlchemy 2, no Flask-SQLAlchemy)."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator
from werkzeug.routing import IntegerConverter

from study.web.compiled_read import prepare_on_connect

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata names every constraint predictably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Store UTC datetimes; always hand back timezone-aware values (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Refuse naive datetimes and normalise to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"expected a timezone-aware datetime, got naive {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        """Attach UTC to the naive values SQLite returns."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


MAX_INTEGER = 2**31 - 1  # the largest value of the INTEGER columns that ids and positions live in


class DatabaseIntegerConverter(IntegerConverter):
    """URL part `<dbint:name>`: a whole number from 1 to what an INTEGER column holds.

    A larger number can match no row, and PostgreSQL refuses to compare it with an INTEGER column
    at all; failing the route match turns it into the 404 it is instead of a server error.
    """

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_INTEGER)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for concurrent readers, foreign keys on, wait instead of failing when busy."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for url; SQLite connections get WAL and foreign keys."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def get_engine(app: Flask | None = None) -> Engine:
    """Return the app's engine, creating it on first use (creating does not connect)."""
    app = app or current_app
    engine = app.extensions.get("study.engine")
    if engine is None:
        engine = make_engine(app.config["STUDY_DATABASE_URL"])
        app.extensions["study.engine"] = engine
    return engine


def get_autocommit_engine(app: Flask | None = None) -> Engine:
    """The engine for work that is one statement: on PostgreSQL its own pool, in autocommit.

    One statement needs no explicit transaction: the server runs it atomically and, for a write,
    commits it durably before answering. In autocommit psycopg sends no BEGIN and no COMMIT or
    ROLLBACK around it, which are two of the three round trips it would otherwise cost. A separate
    pool keeps autocommit connections away from the sessions that need transactions. SQLite's
    driver opens no transaction for a SELECT and commits locally, so there the app's engine serves.
    Write through it with `engine.begin()`, which commits on SQLite and sends nothing on PostgreSQL.
    """
    app = app or current_app
    engine = app.extensions.get("study.autocommit_engine")
    if engine is None:
        engine = get_engine(app)
        if engine.dialect.name != "sqlite":
            engine = create_engine(app.config["STUDY_DATABASE_URL"], isolation_level="AUTOCOMMIT",
                                   pool_reset_on_return=None)
            prepare_on_connect(engine)
        app.extensions["study.autocommit_engine"] = engine
    return engine


def dispose_engines(app: Flask) -> None:
    """Close every pooled connection of the app's engines (tests, benchmarks, forked workers)."""
    for key in ("study.autocommit_engine", "study.engine"):
        engine = app.extensions.pop(key, None)
        if engine is not None:
            engine.dispose()


def db_session() -> Session:
    """Return the session of the current app context."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the context's session at teardown."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def utc(dt: datetime) -> datetime:
    """Return dt as aware UTC (for values compared with database ones)."""
    return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)


def init_app(app: Flask) -> None:
    """Register the id converter and session teardown."""
    app.url_map.converters["dbint"] = DatabaseIntegerConverter
    app.teardown_appcontext(close_session)
