"""The database backends every database test runs on (SQLite, and PostgreSQL when reachable) and their URLs."""
from __future__ import annotations

import os
from urllib.parse import quote

import pytest


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
