"""The hot pages stay cheap: how many SQL statements a question page and an answer cost."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from study.web.db import get_engine
from tests.web.helpers import current, load_session, start_practice, wrong_choice


@contextmanager
def statements(app):
    """Collect the SQL statements the app's engine runs inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _executemany):
        seen.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_question_page_is_one_select_before_and_after_answering(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="2")
    item = current(app, sid)
    with statements(app) as seen:
        assert client.get(f"/practice/{sid}").status_code == 200
    assert len(seen) == 1 and seen[0].lstrip().upper().startswith("SELECT"), seen
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item)})
    with statements(app) as seen:
        page = client.get(f"/practice/{sid}")
    assert b"Wrong." in page.data and b"ada" in page.data
    assert len(seen) == 1, seen


def test_exam_answer_is_one_select_and_one_write(app, client, auth):
    auth.register()
    token = client.get("/api/csrf").get_json()["csrf_token"]
    exam = client.post("/api/sessions", json={"mode": "exam", "count": 2, "minutes": 30}).get_json()
    item = client.get(f"/api/sessions/{exam['id']}/current").get_json()["item"]
    body = {"item_id": item["item_id"], "numeric": 1} if item["kind"] == "numeric" else {
        "item_id": item["item_id"], "choices": [c["id"] for c in item["choices"][:item["choose"] or 1]]}
    for first in (True, False):  # the first answer inserts, a changed answer updates
        body["unsure"] = not first
        with statements(app) as seen:
            response = client.post(f"/api/sessions/{exam['id']}/answer", json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 200, response.get_json()
        assert len(seen) == 2 and seen[1].lstrip().upper().startswith("INSERT" if first else "UPDATE"), seen
    stored = load_session(app, exam["id"]).items[0].answer  # read back in a fresh session
    assert stored.unsure is True and stored.answered_at.tzinfo is not None
    assert stored.choices == sorted(body.get("choices", []))
