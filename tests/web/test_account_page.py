"""The account page: change the password, download everything stored, delete the account with all it owns."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from study.db.models import (
    Answer,
    Assignment,
    ClassMember,
    Classroom,
    ItemAttempt,
    ProblemReport,
    QuizSession,
    ReviewCard,
    SessionItem,
    Throttle,
    User,
)
from study.web.database import db_session
from tests.web.form_requests import Auth, start_practice
from tests.web.stored_state import current
from tests.web.test_classes import instructor, new_class, only_assignment_id, set_assignment

RIGHT = "correct horse"
OWNED = [(QuizSession, QuizSession.user_id), (ReviewCard, ReviewCard.user_id), (ProblemReport, ProblemReport.user_id),
         (ClassMember, ClassMember.user_id)]


def learner_with_data(app, client, name: str, code: str | None = None) -> None:
    """Register name with a finished practice (a miss: review cards, item attempts), a report, a failed login
    behind them and, given a join code, a class."""
    auth = Auth(client)
    auth.register(name)
    auth.logout()
    auth.login(name, "wrong password")
    auth.login(name)
    sid = start_practice(client, topic="iam", count="2")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "wrong1"})
    client.post(f"/practice/{sid}/next")
    client.post(f"/practice/{sid}/next", data={"skip": "1"})  # the second question skipped: the session finishes
    client.post(f"/questions/{item.question_id}/report", data={"message": f"{name} finds it unclear", "next": "/"})
    if code:
        client.post("/classes/join", data={"code": code})


def rows_of(app, username: str) -> dict[str, int]:
    """How many rows of each owned table belong to username (and their items and answers)."""
    with app.app_context():
        db = db_session()
        user_id = db.scalar(select(User.id).where(User.username == username))
        counts = {model.__tablename__: db.scalar(select(func.count()).select_from(model).where(column == user_id))
                  for model, column in OWNED}
        sessions = select(QuizSession.id).where(QuizSession.user_id == user_id)
        items = select(SessionItem.id).where(SessionItem.session_id.in_(sessions))
        counts["session_item"] = db.scalar(select(func.count()).select_from(SessionItem).where(
            SessionItem.session_id.in_(sessions)))
        counts["answer"] = db.scalar(select(func.count()).select_from(Answer).where(Answer.item_id.in_(items)))
        counts["item_attempt"] = db.scalar(select(func.count()).select_from(ItemAttempt).where(
            ItemAttempt.session_id.in_(sessions)))
        counts["user"] = 0 if user_id is None else 1
        return counts


@pytest.mark.parametrize(("who", "status", "goes_to"), [
    ("nobody", 302, "/auth/login"),
    ("visitor", 302, "/auth/register"),
    ("learner", 200, None),
])
def test_the_page_is_for_registered_learners(client, auth, who, status, goes_to):
    if who == "visitor":
        start_practice(client, count="1")
    if who == "learner":
        auth.register()
    response = client.get("/account/")
    assert response.status_code == status
    assert goes_to is None or goes_to in response.headers["Location"]


def test_the_nav_links_to_the_account_page(client, auth):
    auth.register()
    assert 'href="/account/"' in client.get("/").get_data(as_text=True)


def test_a_visitor_cannot_delete_or_change_a_password(client):
    start_practice(client, count="1")
    for path in ("/account/delete", "/account/password"):
        assert client.post(path, data={"current_password": ""}).status_code == 403


@pytest.mark.parametrize(("current", "new", "message"), [
    ("wrong password", "a new password", "That is not your current password."),
    (RIGHT, "short", "Use a password of at least 8 characters."),
])
def test_a_bad_password_change_is_refused_and_changes_nothing(client, auth, current, new, message):
    auth.register()
    response = client.post("/account/password", data={"current_password": current, "new_password": new})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    auth.logout()
    assert auth.login().status_code == 302


def test_changing_the_password_keeps_this_browser_and_logs_out_the_others(app, client, auth):
    auth.register()
    other = app.test_client()
    Auth(other).login()
    before = client.get_cookie("session").value
    response = client.post("/account/password", data={"current_password": RIGHT, "new_password": "battery staple"})
    assert response.status_code == 302 and client.get_cookie("session").value != before
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302  # its cookies carry the old session version
    auth.logout()
    assert auth.login().status_code == 401
    assert auth.login(password="battery staple").status_code == 302


def test_the_current_password_is_throttled_like_a_login(client, auth):
    auth.register()
    statuses = [client.post("/account/password", data={"current_password": "wrong password",
                                                       "new_password": "battery staple"}).status_code
                for _ in range(6)]
    assert statuses == [422] * 6
    page = client.post("/account/password", data={"current_password": RIGHT, "new_password": "battery staple"})
    assert "Too many failed logins for this account" in page.get_data(as_text=True)


def test_download_holds_everything_stored_about_the_learner_only(app, client, clock):
    _, code = new_class(instructor(app, clock))
    learner_with_data(app, app.test_client(), "bob", code)
    learner_with_data(app, client, "ada", code)
    response = client.get("/account/data.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="study-ada-data.json"'
    data = json.loads(response.data)
    assert data["account"]["username"] == "ada" and "scrypt" not in response.get_data(as_text=True)
    [session] = data["quiz_sessions"]
    assert session["items"][0]["answer"]["choices"] == ["wrong1"] and session["items"][0]["answer"]["correct"] is False
    assert {card["kind"] for card in data["review_cards"]} == {"question", "rule"}
    assert [r["message"] for r in data["problem_reports"]] == ["ada finds it unclear"]
    assert session["item_attempts"][0]["correct"] == 0 and len(data["class_memberships"]) == 1
    assert "password_hash" not in data["account"] and "new_cards_per_day" in data["account"]
    assert "bob" not in response.get_data(as_text=True)


def test_deleting_removes_every_row_the_learner_owns_and_nobody_elses(app, client, clock):
    _, code = new_class(instructor(app, clock))
    learner_with_data(app, app.test_client(), "bob", code)
    learner_with_data(app, client, "ada", code)
    kept = rows_of(app, "bob")
    assert all(rows_of(app, "ada").values())
    response = client.post("/account/delete", data={"current_password": RIGHT})
    assert response.status_code == 302 and "deleted" in client.get("/").get_data(as_text=True)
    assert set(rows_of(app, "ada").values()) == {0}
    assert rows_of(app, "bob") == kept
    with app.app_context():
        assert db_session().scalar(select(Throttle).where(Throttle.key == "ada")) is None
    assert Auth(client).login("ada").status_code == 401


def test_deleting_an_instructor_removes_their_classes_and_keeps_the_learners_sessions(app, clock):
    teacher = instructor(app, clock)
    class_id, code = new_class(teacher)
    set_assignment(teacher, class_id)
    learner = app.test_client()
    learner_with_data(app, learner, "bob", code)
    assert learner.post(f"/assignments/{only_assignment_id(app)}/start").status_code == 302
    sessions_before = rows_of(app, "bob")["quiz_session"]
    assert sessions_before == 2
    response = teacher.post("/account/delete", data={"current_password": "long password"})
    assert response.status_code == 302
    with app.app_context():
        db = db_session()
        assert [db.scalar(select(func.count()).select_from(model)) for model in (Classroom, Assignment, ClassMember)] \
            == [0, 0, 0]
        assert db.scalar(select(func.count()).where(QuizSession.assignment_id.is_not(None))) == 0
    assert rows_of(app, "bob")["quiz_session"] == sessions_before


def test_deleting_needs_the_password(app, client):
    learner_with_data(app, client, "ada")
    before = rows_of(app, "ada")
    response = client.post("/account/delete", data={"current_password": "wrong password"})
    assert response.status_code == 422 and "not your current password" in response.get_data(as_text=True)
    assert rows_of(app, "ada") == before


def test_a_deletion_that_fails_midway_deletes_nothing(app, client, monkeypatch):
    from study.web import account_data

    learner_with_data(app, client, "ada")
    before = rows_of(app, "ada")
    real_delete = account_data.delete

    def failing_delete(model):
        if model is User:
            raise RuntimeError("the database went away")
        return real_delete(model)

    monkeypatch.setattr(account_data, "delete", failing_delete)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/account/delete", data={"current_password": RIGHT}).status_code == 500
    assert rows_of(app, "ada") == before
