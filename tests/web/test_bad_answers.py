"""Bad answers get a clear message, never a 500, and nothing is stored twice."""
from __future__ import annotations

import pytest

from tests.web.form_requests import start_practice
from tests.web.stored_state import answer_count, current, load_session


@pytest.fixture
def practice(app, client):
    """A two-question practice session on IAM and its current item."""
    sid = start_practice(client, topic="iam", count="2")
    return sid, current(app, sid)


def post(client, sid, **data):
    return client.post(f"/practice/{sid}/answer", data=data, follow_redirects=True)


def test_question_not_in_session(app, client, practice):
    sid, _item = practice
    response = post(client, sid, item_id="99999", choice="right")
    assert response.status_code == 200 and b"not in this session" in response.data
    assert answer_count(app) == 0


def test_not_the_current_question(app, client, practice):
    sid, _item = practice
    other = load_session(app, sid).items[1]
    assert b"not the current one" in post(client, sid, item_id=str(other.id), choice="right").data


def test_nonexistent_choice(app, client, practice):
    sid, item = practice
    assert b"There is no choice" in post(client, sid, item_id=str(item.id), choice="zzz").data
    assert answer_count(app) == 0


def test_no_choice(app, client, practice):
    sid, item = practice
    assert b"Choose 1 answer" in post(client, sid, item_id=str(item.id)).data


def test_double_submit_keeps_the_first(app, client, practice):
    sid, item = practice
    post(client, sid, item_id=str(item.id), choice="right")
    response = post(client, sid, item_id=str(item.id), choice="wrong1")
    assert b"already answered" in response.data
    assert answer_count(app) == 1
    assert current(app, sid).answer.choices == ["right"]


@pytest.mark.parametrize("text", ["twelve", "", "nan", "inf", "1e999"])
def test_non_numeric_numeric_answer(app, client, text):
    sid = start_practice(client, topic="auto-scaling", count="1")
    item = current(app, sid)
    response = post(client, sid, item_id=str(item.id), numeric=text)
    assert response.status_code == 200 and b"Enter a" in response.data
    assert answer_count(app) == 0


@pytest.mark.parametrize("count", ["0", "101", "many"])
def test_bad_count_is_flashed(client, count):
    response = client.post("/practice/start", data={"count": count}, follow_redirects=True)
    assert b"between 1 and 100" in response.data


def test_api_bad_answers(app, client):
    sid = client.post("/api/sessions", json={"topics": ["iam"], "count": 1}).get_json()["id"]
    item_id = client.get(f"/api/sessions/{sid}/current").get_json()["item"]["item_id"]
    cases = [({"item_id": 12345, "choices": ["right"]}, "not in this session"),
             ({"item_id": item_id, "choices": ["nope"]}, "no choice"),
             ({"item_id": item_id, "choices": "right"}, "choices: Input should be a valid list")]
    for body, message in cases:
        response = client.post(f"/api/sessions/{sid}/answer", json=body)
        assert response.status_code in (400, 422) and message in response.get_json()["error"]
    assert client.post(f"/api/sessions/{sid}/answer", json={"item_id": item_id, "choices": ["right"]}).status_code == 200
    again = client.post(f"/api/sessions/{sid}/answer", json={"item_id": item_id, "choices": ["right"]})
    assert again.status_code == 422 and answer_count(app) == 1
    assert client.post(f"/api/sessions/{sid}/answer", data="not json").status_code == 400


def test_a_concurrent_double_submit_stores_one_answer(app, client, practice):
    """Another request stored an answer after this one loaded the item: the unique key keeps one."""
    from study.db.models import Answer, SessionItem
    from study.web.app_catalog import catalog
    from study.web.database import db_session
    from study.web.quiz import AnswerError, Submitted, record_answer

    sid, item = practice
    with app.app_context():
        loaded = db_session().get(SessionItem, item.id)
        assert loaded.answer is None
        with app.app_context():  # the other request, with its own database session
            db_session().add(Answer(item_id=item.id, choices=["right"], correct=True, unsure=False,
                                    answered_at=app.config["STUDY_CLOCK"]()))
            db_session().commit()
        with pytest.raises(AnswerError, match="already answered"):
            record_answer(db_session(), catalog(), loaded, Submitted(("wrong1",)), app.config["STUDY_CLOCK"]())
    assert answer_count(app) == 1
