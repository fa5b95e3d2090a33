"""Classes: an instructor creates one and sets assignments, learners join with the code and do them,
the instructor sees results, who has not started, mastery and a CSV; nobody reaches another's class."""
from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from study.db.models import Assignment, Classroom, ItemAttempt, QuizSession, Role
from study.web.accounts import create_account
from study.web.database import db_session
from tests.web.form_requests import Auth, start_practice
from tests.web.stored_state import load_session


def instructor(app, clock, name="teacher"):
    with app.app_context():
        create_account(db_session(), name, "long password", Role.INSTRUCTOR, clock())
        db_session().commit()
    client = app.test_client()
    Auth(client).login(name, "long password")
    return client


def learner_client(app, name):
    client = app.test_client()
    Auth(client).register(name, "correct horse")
    return client


def new_class(teacher, name="SAA cohort") -> tuple[int, str]:
    response = teacher.post("/instructor/classes", data={"name": name})
    class_id = int(re.search(r"/instructor/classes/(\d+)", response.headers["Location"]).group(1))
    code = re.search(r'class="join-code">([A-Z0-9]+)<', teacher.get(f"/instructor/classes/{class_id}").get_data(as_text=True)).group(1)
    return class_id, code


def set_assignment(teacher, class_id, **form) -> None:
    data = {"title": "IAM week", "topic": ["iam"], "count": "2", "mode": "practice"} | form
    response = teacher.post(f"/instructor/classes/{class_id}/assignments", data=data, follow_redirects=True)
    assert response.status_code == 200


def only_assignment_id(app) -> int:
    with app.app_context():
        return db_session().scalar(select(Assignment.id))


def test_a_class_from_creation_to_results(app, clock):
    teacher = instructor(app, clock)
    class_id, code = new_class(teacher)
    ada, bo = learner_client(app, "ada"), learner_client(app, "bo")
    for client in (ada, bo):
        assert b"You joined SAA cohort" in client.post("/classes/join", data={"code": code.lower()}, follow_redirects=True).data
    set_assignment(teacher, class_id, due="2026-03-09")
    dashboard = ada.get("/").get_data(as_text=True)
    assert "IAM week" in dashboard and "due 2026-03-09" in dashboard
    assignment_id = only_assignment_id(app)
    started = ada.post(f"/assignments/{assignment_id}/start")
    session_id = int(started.headers["Location"].rsplit("/", 1)[1])
    assert ada.post(f"/assignments/{assignment_id}/start").headers["Location"] == started.headers["Location"]  # resumes
    quiz = load_session(app, session_id)
    assert quiz.item_count == 2 and {i.question_id for i in quiz.items} <= {"fake/q1", "fake/q2"}
    for item in quiz.items:
        ada.post(f"/practice/{session_id}/answer", data={"item_id": item.id, "choice": "right"})
        ada.post(f"/practice/{session_id}/next")
    page = teacher.get(f"/instructor/classes/{class_id}/assignments/{assignment_id}").get_data(as_text=True)
    assert "Not started (1):</strong> bo" in page and "<td>2 / 2</td>" in page and "Task role</a>: 1 of 1 right" in page
    rows = list(csv.DictReader(io.StringIO(
        teacher.get(f"/instructor/classes/{class_id}/assignments/{assignment_id}.csv").get_data(as_text=True))))
    assert [(r["learner"], r["status"], r["right"]) for r in rows] == [("ada", "finished", "2"), ("bo", "not started", "")]
    assert "Done: 2 of 2 right" in ada.get("/").get_data(as_text=True)


def test_an_exam_assignment_draws_from_its_topics_and_is_timed(app, clock):
    teacher = instructor(app, clock)
    class_id, code = new_class(teacher)
    ada = learner_client(app, "ada")
    ada.post("/classes/join", data={"code": code})
    set_assignment(teacher, class_id, mode="exam", minutes="15", topic=["iam", "load-balancers"], count="3")
    started = ada.post(f"/assignments/{only_assignment_id(app)}/start")
    quiz = load_session(app, int(re.search(r"/exam/(\d+)", started.headers["Location"]).group(1)))
    assert quiz.mode == "exam" and (quiz.deadline - quiz.started_at).total_seconds() == 15 * 60
    assert all(i.question_id in {"fake/q1", "fake/q2", "fake/q4"} for i in quiz.items)


def test_an_assignment_by_bank_draws_every_question_of_the_bank(app, clock):
    teacher = instructor(app, clock)
    class_id, code = new_class(teacher)
    ada = learner_client(app, "ada")
    ada.post("/classes/join", data={"code": code})
    set_assignment(teacher, class_id, topic=[], bank=["fake"], count="100")
    started = ada.post(f"/assignments/{only_assignment_id(app)}/start")
    quiz = load_session(app, int(started.headers["Location"].rsplit("/", 1)[1]))
    with app.app_context():
        from study.web.app_catalog import catalog
        assert sorted(i.question_id for i in quiz.items) == sorted(catalog().entries)


@pytest.mark.parametrize(("form", "message"), [
    ({"title": ""}, "title"), ({"topic": []}, "at least one topic"), ({"topic": [], "bank": ["no-such-bank"]}, "at least one topic"),
    ({"count": "0"}, "1-100 questions"),
    ({"mode": "review"}, "practice or exam"), ({"mode": "exam", "minutes": "0"}, "1-300 minutes"),
    ({"due": "next week"}, "YYYY-MM-DD"),
])
def test_bad_assignments_are_refused_with_a_reason(app, clock, form, message):
    teacher = instructor(app, clock)
    class_id, _ = new_class(teacher)
    data = {"title": "IAM week", "topic": ["iam"], "count": "2", "mode": "practice"} | form
    page = teacher.post(f"/instructor/classes/{class_id}/assignments", data=data, follow_redirects=True)
    assert message in page.get_data(as_text=True) and only_assignment_id(app) is None


def test_nobody_reaches_another_instructors_class_or_a_class_they_did_not_join(app, clock):
    owner, other = instructor(app, clock), instructor(app, clock, "rival")
    class_id, code = new_class(owner)
    set_assignment(owner, class_id)
    assignment_id = only_assignment_id(app)
    for path in (f"/instructor/classes/{class_id}", f"/instructor/classes/{class_id}/assignments/{assignment_id}",
                 f"/instructor/classes/{class_id}/assignments/{assignment_id}.csv"):
        assert other.get(path).status_code == 404, path
    assert other.post(f"/instructor/classes/{class_id}/assignments", data={"title": "x"}).status_code == 404
    stranger = learner_client(app, "eve")
    assert stranger.get(f"/instructor/classes/{class_id}").status_code == 403
    assert stranger.post(f"/assignments/{assignment_id}/start").status_code == 404
    assert "IAM week" not in stranger.get("/").get_data(as_text=True)
    assert b"No class has that code" in stranger.post("/classes/join", data={"code": "NOPE1234"}, follow_redirects=True).data
    with app.app_context():
        assert db_session().scalar(select(QuizSession.id)) is None and db_session().get(Classroom, class_id).name == "SAA cohort"


def test_joining_twice_is_harmless_and_visitors_must_register(app, clock, client):
    teacher = instructor(app, clock)
    _class_id, code = new_class(teacher)
    ada = learner_client(app, "ada")
    ada.post("/classes/join", data={"code": code})
    assert b"already in SAA cohort" in ada.post("/classes/join", data={"code": code}, follow_redirects=True).data
    client.post("/practice/start", data={"count": "1"})  # a visitor gets an account on the fly
    assert app.test_client().post("/classes/join", data={"code": code}).headers["Location"].startswith("/auth/login")
    assert client.post("/classes/join", data={"code": code}).headers["Location"].endswith("/auth/register")


def test_item_statistics_of_one_class_count_only_its_learners(app, clock):
    teacher, rival = instructor(app, clock), instructor(app, clock, "rival")
    class_id, code = new_class(teacher)
    ada, bo = learner_client(app, "ada"), learner_client(app, "bo")
    ada.post("/classes/join", data={"code": code})
    for client in (ada, bo):  # bo is not in the class
        session_id = start_practice(client, topic="iam", count="2")
        for item in load_session(app, session_id).items:
            client.post(f"/practice/{session_id}/answer", data={"item_id": item.id, "choice": "right"})
            client.post(f"/practice/{session_id}/next")
    everyone = teacher.get("/instructor/stats/fake").get_data(as_text=True)
    only_class = teacher.get(f"/instructor/stats/fake?class={class_id}").get_data(as_text=True)
    assert "<p>2 sessions" in everyone and "<p>1 session;" in only_class
    assert "<strong>SAA cohort</strong>" in only_class and ">every learner</a>" in only_class
    assert rival.get(f"/instructor/stats/fake?class={class_id}").status_code == 404


def test_the_stats_page_splits_a_question_by_the_version_answered(app, clock):
    """fake/q1 answered as two versions that were never published (no diff link, choices as served now)."""
    teacher, ada = instructor(app, clock), learner_client(app, "ada")
    for _ in range(2):
        session_id = start_practice(ada, topic="iam", count="2")
        for item in load_session(app, session_id).items:
            ada.post(f"/practice/{session_id}/answer", data={"item_id": item.id, "choice": "right"})
            ada.post(f"/practice/{session_id}/next")
    with app.app_context():
        attempts = db_session().scalars(select(ItemAttempt).where(ItemAttempt.question_id == "fake/q1")
                                        .order_by(ItemAttempt.id)).all()
        assert len(attempts) == 2
        attempts[0].question_hash, attempts[1].question_hash = "a" * 64, "b" * 64
        db_session().commit()
    page = teacher.get("/instructor/stats/fake").get_data(as_text=True)
    newest, earlier = page.split('<div class="version-stats">')[1:]
    assert f"Version (not published) <code>{'b' * 12}</code>" in newest and "1 attempt; facility 1.00" in newest
    assert f"<code>{'a' * 12}</code>" in earlier and "This version is not stored" in earlier
    assert "2 attempts over 2 versions" in page and "compare versions" not in page  # nothing published to compare
    assert page.count('<div class="version-stats">') == 2  # fake/q2 was answered as one version only
