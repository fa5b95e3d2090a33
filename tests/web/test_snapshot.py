"""The question page's Core snapshot reads the same values as the ORM models it stands in for."""
from __future__ import annotations

import pytest

from study.web.db import db_session
from study.web.models import QuizSession
from study.web.snapshot import current_question
from tests.web.helpers import load_session, start_practice, wrong_choice


def snapshot_of(app, client, session_id: int):
    """The snapshot the practice page would read, in a request carrying the client's cookie."""
    cookie = client.get_cookie("session")
    with app.test_request_context(headers={"Cookie": f"session={cookie.value}"}):
        return current_question(session_id)


def expected_from_models(app, session_id: int) -> dict:
    """What the ORM says about the session and its current item."""
    with app.app_context():
        return fields_of(db_session().get(QuizSession, session_id))


def fields_of(quiz: QuizSession) -> dict:
    """The compared fields of a loaded session."""
    item = quiz.items[quiz.position] if quiz.position < quiz.item_count else None
    return compared(quiz, quiz.user, item)


def seen_in(snapshot) -> dict:
    """The same fields from the snapshot."""
    return compared(snapshot, snapshot.user, snapshot.current)


def compared(session, viewer, item) -> dict:
    """The fields both shapes share, read the same way from either."""
    answer = item.answer if item else None
    return {
        "session": (session.id, session.mode, session.position, session.item_count, session.finished_at),
        "viewer": (viewer.id, viewer.username, viewer.role, viewer.is_visitor, viewer.display_name),
        "item": None if item is None else (item.id, item.position, item.question_id, item.choice_order, item.params,
                                           item.flagged),
        "answer": None if answer is None else (answer.choices, answer.numeric_value, answer.unsure, answer.correct),
    }


@pytest.mark.parametrize("stage", ["unanswered", "answered", "past the end"])
@pytest.mark.parametrize("who", ["visitor", "learner"])
def test_snapshot_matches_the_models(app, client, auth, stage, who):
    if who == "learner":
        auth.register()
    sid = start_practice(client, topic="iam", count="1")
    if stage != "unanswered":
        item = load_session(app, sid).items[0]
        client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item), "unsure": "1"})
    if stage == "past the end":
        client.post(f"/practice/{sid}/next")
    snapshot = snapshot_of(app, client, sid)
    assert seen_in(snapshot) == expected_from_models(app, sid)
    assert (snapshot.current is None) == (stage == "past the end")
    assert (snapshot.current is not None and snapshot.current.answer is not None) == (stage == "answered")


def test_snapshot_refuses_someone_elses_session(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    other = app.test_client()
    other.get("/practice/")
    other_sid = start_practice(other, count="1")
    with pytest.raises(Exception) as refused:
        snapshot_of(app, client, other_sid)
    assert getattr(refused.value, "code", None) == 404
    assert snapshot_of(app, client, sid).id == sid
