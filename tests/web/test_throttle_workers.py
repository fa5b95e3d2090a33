"""Wrong passwords sent all at once to gunicorn with two worker processes: the count lives in the
database, so the workers together check no more guesses than the limit (a count kept in each process
would let twice as many through). The race between requests itself is pinned by test_throttle_races."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.learners import ROOT, Server, free_port
from study.db import migrate
from study.db.engine import Base, make_engine
from study.db.models import Role
from study.web.accounts import create_account
from tests.web.test_races import together

PARALLEL = 12


def empty(engine) -> None:
    """Drop the schema and Alembic's bookkeeping (PostgreSQL is shared between tests)."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def gunicorn_url(database_url, tmp_path):
    """gunicorn with 2 workers of 4 threads over a migrated database that has the account ada."""
    engine = make_engine(database_url)
    empty(engine)
    migrate.upgrade(engine)
    with Session(engine) as db:
        create_account(db, "ada", "correct horse", Role.LEARNER, datetime.now(UTC))
        db.commit()
    env = os.environ | {"STUDY_DATABASE_URL": database_url, "STUDY_SECRET_KEY": "workers-test",
                        "STUDY_LOG_LEVEL": "WARNING", "GUNICORN_CMD_ARGS": "--threads 4"}
    server = Server(ROOT, free_port(), 2, env, tmp_path / "gunicorn.log")
    server.start()
    yield f"http://127.0.0.1:{server.port}"
    server.stop()
    empty(engine)
    engine.dispose()


def prepared_guess(base: str):
    """A client that fetched its CSRF token; calling it sends one wrong password through the API."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/api/csrf") as response:
        token = json.load(response)["csrf_token"]
    body = json.dumps({"username": "ada", "password": "wrong password"}).encode()
    request = urllib.request.Request(f"{base}/api/login", data=body,
                                     headers={"Content-Type": "application/json", "X-CSRFToken": token})

    def guess() -> int:
        try:
            with opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    return guess


def test_two_workers_share_one_count(gunicorn_url):
    statuses = together(*[prepared_guess(gunicorn_url) for _ in range(PARALLEL)])
    assert sorted(statuses) == [401] * 5 + [429] * (PARALLEL - 5)
