"""Shared test helpers: database URLs for each backend, a pinned clock, an app builder, auth."""
from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from study.db.engine import Base
from study.web import create_app
from study.web.database import dispose_engine, get_engine
from tests.web.fakes import fake_catalog

PINNED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def postgres_url() -> str | None:
    """STUDY_TEST_DATABASE_URL, else a URL built from the PG* variables pg_virtualenv exports."""
    if os.environ.get("STUDY_TEST_DATABASE_URL"):
        return os.environ["STUDY_TEST_DATABASE_URL"]
    env = os.environ
    if env.get("PGHOST") and env.get("PGDATABASE") and env.get("PGUSER"):
        password = quote(env.get("PGPASSWORD", ""), safe="")
        host = env["PGHOST"] if not env["PGHOST"].startswith("/") else "localhost"
        return (f"postgresql+psycopg://{quote(env['PGUSER'], safe='')}:{password}@{host}:"
                f"{env.get('PGPORT', '5432')}/{env['PGDATABASE']}")
    return None


# The test command (scripts/test.sh, as CI runs it) sets STUDY_REQUIRE_POSTGRES, so there a missing
# server fails the PostgreSQL cases instead of skipping them.
POSTGRES_REQUIRED = os.environ.get("STUDY_REQUIRE_POSTGRES") == "1"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        postgres_url() is None and not POSTGRES_REQUIRED,
        reason="no PostgreSQL: set STUDY_TEST_DATABASE_URL or run in pg_virtualenv")),
]


def database_url_for(backend: str, tmp_path) -> str:
    """A fresh database URL for the backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'study.db'}"
    url = postgres_url()
    if url is None:
        pytest.fail("STUDY_REQUIRE_POSTGRES=1 but no PostgreSQL: run the suite inside pg_virtualenv")
    return url


class Clock:
    """A clock pinned to a moment that tests move forward explicitly."""

    def __init__(self, at: datetime = PINNED):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kwargs) -> None:
        self.at += timedelta(**kwargs)


def build_app(database_url: str, clock: Clock, **overrides):
    """A test app on a freshly created schema."""
    config = {"TESTING": True, "SECRET_KEY": "test", "STUDY_DATABASE_URL": database_url,
              "STUDY_CATALOG": fake_catalog(), "STUDY_CLOCK": clock, "STUDY_FSRS_FUZZING": False,
              "WTF_CSRF_ENABLED": False} | overrides
    app = create_app(config)
    engine = get_engine(app)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    return app


def drop_everything(app) -> None:
    """Drop the schema (PostgreSQL is shared between tests) and release connections."""
    Base.metadata.drop_all(get_engine(app))
    dispose_engine(app)


class Auth:
    """Register, log in and log out through the real forms."""

    def __init__(self, client):
        self.client = client

    def register(self, username: str = "ada", password: str = "correct horse"):
        return self.client.post("/auth/register", data={"username": username, "password": password})

    def login(self, username: str = "ada", password: str = "correct horse"):
        return self.client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")
