"""The hot pages stay cheap: how many SQL statements a question page and an answer cost."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager

import pytest
from psycopg import pq
from sqlalchemy import event

from study.web.compiled_read import ALL_READS
from study.web.db import dispose_engines, get_autocommit_engine, get_engine
from study.web.snapshot import CURRENT_QUESTION
from tests.web.helpers import current, load_session, start_practice, wrong_choice
from tests.web.support import BACKENDS


@contextmanager
def statements(app):
    """Every statement the app sends to the database inside the block, as the driver sends it.

    Read at the driver, below SQLAlchemy, so BEGIN and COMMIT count too and reads that bypass
    SQLAlchemy's execution (compiled_read.CompiledRead) are seen. SQLite: the connection's trace callback.
    PostgreSQL: libpq's protocol trace, one entry per round trip (a simple Query, or an extended
    query up to its Sync, named by its Parse text or by the prepared statement it binds).
    """
    seen: list[str] = []
    traced: list = []
    traces: list = []

    def attach(dbapi_connection, _record, _proxy):
        if dbapi_connection in traced:
            return
        traced.append(dbapi_connection)
        if hasattr(dbapi_connection, "set_trace_callback"):  # sqlite3
            dbapi_connection.set_trace_callback(seen.append)
        else:  # psycopg
            trace = tempfile.TemporaryFile("w+")
            traces.append(trace)
            dbapi_connection.pgconn.trace(trace.fileno())
            dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    engines = {get_engine(app), get_autocommit_engine(app)}  # one engine on SQLite
    for engine in engines:
        event.listen(engine.pool, "checkout", attach)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine.pool, "checkout", attach)
        for connection in traced:
            if hasattr(connection, "set_trace_callback"):
                connection.set_trace_callback(None)
            else:
                connection.pgconn.untrace()
        for trace in traces:
            trace.seek(0)
            seen.extend(round_trips(trace.read()))
            trace.close()


def round_trips(trace: str) -> list[str]:
    """The statements of a libpq trace, one per round trip the client started.

    A round trip that only prepares a named statement reads "PREPARE name AS text"; one that runs a
    statement prepared earlier reads "EXECUTE name"; otherwise it is the statement's text.
    """
    found, parsed, bound = [], None, None
    for line in trace.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] != "F":
            continue
        kind, rest = fields[2], fields[3] if len(fields) > 3 else ""
        if kind == "Query":
            found.append(rest.strip().strip('"'))
        elif kind == "Parse":
            name, _, text = rest.strip()[1:].partition('" "')
            parsed = (name, text.rsplit('"', 1)[0])
        elif kind == "Bind":
            bound = rest.strip().split(" ")[1].strip('"')
        elif kind == "Sync":
            if parsed is not None and bound is None and parsed[0]:
                found.append(f"PREPARE {parsed[0]} AS {parsed[1]}")
            elif parsed is not None:
                found.append(parsed[1])
            else:
                found.append(f"EXECUTE {bound}" if bound else "")
            parsed = bound = None
    return found


def verb(statement: str) -> str:
    """The SQL verb a statement starts with; for a prepared CompiledRead, the verb of its SQL."""
    if statement.startswith("EXECUTE study_read_"):
        name = statement.split()[1].encode()
        return verb(str(next(read.statement for read in ALL_READS if read.prepared_name == name)))
    return statement.split(None, 1)[0].upper() if statement.strip() else ""


def test_question_page_is_one_select_before_and_after_answering(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="2")
    item = current(app, sid)
    with statements(app) as seen:
        assert client.get(f"/practice/{sid}").status_code == 200
    assert [verb(s) for s in seen] == ["SELECT"], seen
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item)})
    with statements(app) as seen:
        page = client.get(f"/practice/{sid}")
    assert b"Wrong." in page.data and b"ada" in page.data
    assert [verb(s) for s in seen] == ["SELECT"], seen


@pytest.mark.parametrize("database_url", [BACKENDS[1]], indirect=True)  # prepared statements: PostgreSQL
def test_postgresql_prepares_the_page_read_when_the_pool_connects(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="2")
    dispose_engines(app)  # the next request opens a new pooled connection
    with statements(app) as seen:
        assert client.get(f"/practice/{sid}").status_code == 200
    assert seen == [f"EXECUTE {CURRENT_QUESTION.prepared_name.decode()}"], seen


def exam_with_answer_body(client) -> tuple[int, dict, str]:
    """A fresh two-question exam, a valid answer body for its first item, and a CSRF token."""
    token = client.get("/api/csrf").get_json()["csrf_token"]
    exam = client.post("/api/sessions", json={"mode": "exam", "count": 2, "minutes": 30}).get_json()
    item = client.get(f"/api/sessions/{exam['id']}/current").get_json()["item"]
    body = {"item_id": item["item_id"], "numeric": 1} if item["kind"] == "numeric" else {
        "item_id": item["item_id"], "choices": [c["id"] for c in item["choices"][:item["choose"] or 1]]}
    return exam["id"], body, token


def test_exam_answer_is_one_select_and_one_write(app, client, auth):
    auth.register()
    exam_id, body, token = exam_with_answer_body(client)
    on_postgres = get_engine(app).dialect.name == "postgresql"
    for first in (True, False):  # the first answer inserts, a changed answer updates
        body["unsure"] = not first
        with statements(app) as seen:
            response = client.post(f"/api/sessions/{exam_id}/answer", json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 200, response.get_json()
        write = "INSERT" if first else "UPDATE"
        # PostgreSQL: two round trips, each statement atomic on its own; SQLite commits locally.
        expected = ["SELECT", write] if on_postgres else ["SELECT", "BEGIN", write, "COMMIT"]
        assert [verb(s) for s in seen] == expected, seen
        assert response.get_json()["answer"]["unsure"] is (not first)
    stored = load_session(app, exam_id).items[0].answer  # read back in a fresh session
    assert stored.unsure is True and stored.answered_at.tzinfo is not None
    assert stored.choices == sorted(body.get("choices", []))


def test_exam_answer_with_a_changed_flag_writes_both_in_one_transaction(app, client, auth):
    auth.register()
    exam_id, body, token = exam_with_answer_body(client)
    with statements(app) as seen:
        response = client.post(f"/api/sessions/{exam_id}/answer", json=body | {"flagged": True},
                               headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.get_json()["flagged"] is True
    verbs = [verb(s) for s in seen]
    assert verbs[0] == "SELECT" and verbs[1] == "BEGIN" and verbs[-1] == "COMMIT", seen
    assert sorted(verbs[2:-1]) == ["INSERT", "UPDATE"], seen
    stored = load_session(app, exam_id).items[0]
    assert stored.flagged is True and stored.answer is not None
