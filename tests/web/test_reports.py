"""Problem reports: a learner sends one, an instructor answers and resolves it once, the learner sees
the status and the reply, and nobody sees another learner's reports."""
from __future__ import annotations

from sqlalchemy import select

from study.db.models import ProblemReport, Role
from study.web.accounts import create_account
from study.web.database import db_session
from tests.web.form_requests import Auth


def teacher_client(app, clock):
    with app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, clock())
        db_session().commit()
    teacher = app.test_client()
    Auth(teacher).login("teacher", "long password")
    return teacher


def send_report(client, message="The key looks wrong to me.", question="fake/q1"):
    return client.post(f"/questions/{question}/report", data={"message": message, "next": "/"}, follow_redirects=True)


def report_ids(app) -> list[int]:
    with app.app_context():
        return list(db_session().scalars(select(ProblemReport.id).order_by(ProblemReport.id)))


def test_a_learner_follows_their_report_until_it_is_resolved(app, client, auth, clock):
    auth.register()
    assert b"sent to the instructors" in send_report(client).data
    mine = client.get("/reports/mine").get_data(as_text=True)
    assert "Open" in mine and "The key looks wrong to me." in mine and "Waiting for an instructor" in mine
    teacher = teacher_client(app, clock)
    (report_id,) = report_ids(app)
    resolved = teacher.post(f"/instructor/reports/{report_id}/resolve", data={"reply": "Fixed in the bank, thanks."},
                            follow_redirects=True)
    assert b"the learner sees your reply" in resolved.data
    mine = client.get("/reports/mine").get_data(as_text=True)
    assert "Resolved" in mine and "Instructor: Fixed in the bank, thanks." in mine


def test_a_report_is_resolved_once(app, client, auth, clock):
    auth.register()
    send_report(client)
    teacher = teacher_client(app, clock)
    (report_id,) = report_ids(app)
    teacher.post(f"/instructor/reports/{report_id}/resolve", data={"reply": "First answer."})
    again = teacher.post(f"/instructor/reports/{report_id}/resolve", data={"reply": "Second answer."}, follow_redirects=True)
    assert b"already resolved" in again.data
    with app.app_context():
        assert db_session().get(ProblemReport, report_id).reply == "First answer."


def test_learners_see_only_their_own_reports_and_cannot_resolve(app, client, auth):
    auth.register()
    send_report(client, "Mine, not yours.")
    other = app.test_client()
    Auth(other).register("grace", "another long one")
    assert "Mine, not yours." not in other.get("/reports/mine").get_data(as_text=True)
    (report_id,) = report_ids(app)
    assert other.post(f"/instructor/reports/{report_id}/resolve", data={"reply": "x"}).status_code == 403
