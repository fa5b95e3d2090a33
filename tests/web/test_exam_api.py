"""Exam answers through the JSON API: refused cleanly when they cannot be taken, stored once when they can."""
from __future__ import annotations

import pytest

from study.db.models import Answer
from study.web.database import db_session
from tests.web.stored_state import answer_count, load_session


def start_exam(client, minutes: int = 10) -> int:
    """A six-question exam through the API; its id."""
    response = client.post("/api/sessions", json={"mode": "exam", "count": 6, "minutes": minutes})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def choice_body(item) -> dict:
    """A well-formed answer to a fake-catalog item, right or not."""
    if item.question_id.endswith("n1"):
        return {"item_id": item.id, "numeric": 1}
    if item.question_id.endswith("q5"):
        return {"item_id": item.id, "choices": ["a", "b"]}
    return {"item_id": item.id, "choices": ["right"]}


def answer(client, exam_id: int, body: dict):
    return client.post(f"/api/sessions/{exam_id}/answer", json=body)


@pytest.mark.parametrize("item_id", [987654, "987654", "abc", None, -3, 0, 3_000_000_000,
                                     "99999999999999999999999", "١"])
def test_an_item_not_in_the_exam_is_refused(app, client, item_id):
    exam_id = start_exam(client)
    response = answer(client, exam_id, {"item_id": item_id, "choices": ["right"]})
    assert response.status_code == 422 and "not in this session" in response.get_json()["error"]
    assert answer_count(app) == 0


@pytest.mark.parametrize("item_id", [True, 1.0, [1], {"id": 1}])
def test_an_item_id_of_the_wrong_type_is_a_400_naming_the_field(app, client, item_id):
    response = answer(client, start_exam(client), {"item_id": item_id, "choices": ["right"]})
    assert response.status_code == 400 and "item_id" in response.get_json()["error"]
    assert answer_count(app) == 0


def test_an_item_of_another_exam_is_refused(app, client):
    first, second = start_exam(client), start_exam(app.test_client())  # the second is another learner's
    other_item = load_session(app, second).items[0]
    response = answer(client, first, choice_body(other_item))
    assert response.status_code == 422 and "not in this session" in response.get_json()["error"]
    assert answer_count(app) == 0


@pytest.mark.parametrize("ending", ["time ran out", "submitted"])
def test_an_exam_that_is_over_takes_no_answer(app, client, clock, ending):
    exam_id = start_exam(client, minutes=10)
    item = load_session(app, exam_id).items[0]
    if ending == "time ran out":
        clock.advance(minutes=11)
    else:
        assert client.post(f"/api/sessions/{exam_id}/submit").status_code == 200
    response = answer(client, exam_id, choice_body(item))
    assert response.status_code == 409 and "exam is over" in response.get_json()["error"]
    assert answer_count(app) == 0


def test_an_answer_that_does_not_fit_is_refused_and_the_stored_one_kept(app, client):
    exam_id = start_exam(client)
    item = next(i for i in load_session(app, exam_id).items if not i.question_id.endswith(("n1", "q5")))
    assert answer(client, exam_id, {"item_id": item.id, "choices": ["right"]}).status_code == 200
    response = answer(client, exam_id, {"item_id": item.id, "choices": ["no-such-choice"]})
    assert response.status_code == 422 and "no choice" in response.get_json()["error"]
    stored = load_session(app, exam_id).items[item.position].answer
    assert stored.choices == ["right"] and answer_count(app) == 1


def test_a_first_answer_stored_meanwhile_is_replaced_not_refused(app, client):
    """Another request stored a first answer after this one read the item: exams allow changes, so the
    answer is read again under the exam's row and replaced (one row, the later answer)."""
    from study.web.exam import store_exam_answer
    from study.web.ownership import owned_session
    from study.web.quiz import Submitted

    exam_id = start_exam(client)
    item = next(i for i in load_session(app, exam_id).items if not i.question_id.endswith(("n1", "q5")))
    cookie = client.get_cookie("session").value
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        session = owned_session(exam_id)
        with app.app_context():  # the other request
            db_session().add(Answer(item_id=item.id, choices=["right"], correct=True, unsure=False,
                                    answered_at=app.config["STUDY_CLOCK"]()))
            db_session().commit()
        store_exam_answer(db_session(), session, item.id, Submitted(("wrong1",)), None)
    assert answer_count(app) == 1
    assert load_session(app, exam_id).items[item.position].answer.choices == ["wrong1"]


def test_a_flag_alone_is_kept_with_the_answer_and_can_be_cleared(app, client):
    exam_id = start_exam(client)
    item = load_session(app, exam_id).items[0]
    for flagged in (True, False):
        response = answer(client, exam_id, choice_body(item) | {"flagged": flagged})
        assert response.status_code == 200 and response.get_json()["flagged"] is flagged
        assert load_session(app, exam_id).items[0].flagged is flagged
    assert answer_count(app) == 1


def test_one_running_exam_at_a_time(app, client, clock):
    first = start_exam(client, minutes=10)
    refused = client.post("/api/sessions", json={"mode": "exam", "count": 6, "minutes": 10})
    assert refused.status_code == 409 and refused.get_json()["session_id"] == first
    page = client.post("/exam/start", data={"count": "6", "minutes": "10"})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/exam/{first}")
    clock.advance(minutes=11)  # the first ran out: it is submitted, and a new one may start
    assert start_exam(client) != first


def choose_item(app, exam_id):
    """The exam's choose-2 item (the fake bank's q5)."""
    return next(i for i in load_session(app, exam_id).items if i.question_id.endswith("q5"))


def test_an_incomplete_choose_pick_is_kept_and_counts_as_wrong(app, client):
    exam_id = start_exam(client)
    item = choose_item(app, exam_id)
    assert answer(client, exam_id, {"item_id": item.id, "choices": ["a"]}).status_code == 200
    assert load_session(app, exam_id).items[item.position].answer.choices == ["a"]
    assert answer(client, exam_id, {"item_id": item.id, "choices": ["a", "b", "c"]}).status_code == 422
    results = client.post(f"/api/sessions/{exam_id}/submit").get_json()
    assert results["correct"] == 0
    assert load_session(app, exam_id).items[item.position].answer.choices == ["a"]


@pytest.mark.parametrize("body, stored", [
    ({"flagged": True}, ["a", "b"]),   # only the flag: the pick stays
    ({"choices": []}, None),           # every box unticked: the answer is cleared
])
def test_a_flag_alone_keeps_the_pick_and_an_empty_pick_clears_it(app, client, body, stored):
    exam_id = start_exam(client)
    item = choose_item(app, exam_id)
    answer(client, exam_id, {"item_id": item.id, "choices": ["a", "b"]})
    assert answer(client, exam_id, {"item_id": item.id} | body).status_code == 200
    kept = load_session(app, exam_id).items[item.position].answer
    assert (kept.choices if kept else None) == stored
