"""CompiledRead: the hot pages' reads give SQLAlchemy's values and survive broken connections."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import bindparam, select

from study.web.compiled_read import CompiledRead
from study.web.db import get_autocommit_engine
from study.web.models import QuizSession, User
from tests.web.helpers import start_practice
from tests.web.support import BACKENDS

SESSION_AND_OWNER = CompiledRead(
    select(QuizSession.id, QuizSession.mode, QuizSession.started_at, QuizSession.finished_at, User.role)
    .join(User, User.id == QuizSession.user_id)
    .where(QuizSession.id == bindparam("sid"))
)
POSTGRESQL_ONLY = pytest.mark.parametrize("database_url", [BACKENDS[1]], indirect=True)


def read(app, session_id) -> tuple | None:
    with app.app_context():
        return SESSION_AND_OWNER.one_or_none(get_autocommit_engine(), {"sid": session_id})


def test_values_are_those_sqlalchemy_reads(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    with app.app_context():
        with get_autocommit_engine().connect() as connection:
            expected = tuple(connection.execute(SESSION_AND_OWNER.statement, {"sid": sid}).one())
    row = read(app, sid)
    assert row == expected
    assert row[2].tzinfo is not None and row[3] is None  # aware datetimes, NULL as None
    assert read(app, sid) == expected  # again, on the cursor or prepared statement kept for the connection
    assert read(app, sid + 1000) is None


@POSTGRESQL_ONLY
def test_a_parameter_libpq_cannot_carry_as_text_is_refused(app):
    with pytest.raises(TypeError, match="whole numbers and text"):
        read(app, 1.5)
    assert read(app, 1) is None  # the connection given up on is replaced


@POSTGRESQL_ONLY
def test_a_server_error_is_raised_as_psycopg_raises_it_and_the_connection_is_dropped(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    with pytest.raises(psycopg.errors.InvalidTextRepresentation):
        read(app, "not a number")  # the statement casts its parameter to INTEGER
    assert read(app, sid)[0] == sid


@POSTGRESQL_ONLY
def test_a_connection_the_server_closed_is_replaced(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    assert read(app, sid)[0] == sid  # the pool keeps a connection with the statement prepared
    with app.app_context():  # the pooled connection's server process, ended from outside the pool
        pooled = get_autocommit_engine().raw_connection()
        pid = pooled.driver_connection.info.backend_pid
        pooled.close()
        url = get_autocommit_engine().url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as outsider:
        outsider.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(psycopg.OperationalError):
        read(app, sid)
    assert read(app, sid)[0] == sid  # a new connection, its statements prepared when it opened
