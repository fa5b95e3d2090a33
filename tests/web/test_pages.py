"""Every page renders for a learner with history: a walk over each GET route of the URL map."""
from __future__ import annotations

from study.db.models import Role
from study.ecs.rules import RULES
from study.web.accounts import create_account
from study.web.database import db_session
from tests.web.form_requests import Auth, session_id_from, start_practice
from tests.web.stored_state import current


def learner_with_history(app, client, clock) -> dict:
    """A learner with a finished practice, a miss in the review queue and a submitted exam."""
    Auth(client).register()
    sid = start_practice(client, topic="iam", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "wrong1"})
    client.post(f"/practice/{sid}/next")
    exam = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "10"}))
    client.post(f"/exam/{exam}/submit", data={"confirm": "yes"})
    client.post("/questions/fake/q1/report", data={"message": "unclear", "next": "/"})
    clock.advance(days=1)  # the miss is due for review
    open_exam = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "10"}))
    return {"session_id": sid, "exam": exam, "open_exam": open_exam}


def test_every_get_page_renders(app, client, clock):
    ids = learner_with_history(app, client, clock)
    with app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, clock())
        db_session().commit()
    teacher = app.test_client()
    Auth(teacher).login("teacher", "long password")
    pages = ["/", "/notes/", "/notes/iam-roles", "/practice/", "/practice/?section=iam-roles%23task-role",
             f"/practice/{ids['session_id']}/results", "/exam/", f"/exam/{ids['exam']}/results",
             f"/exam/{ids['open_exam']}/q/1", f"/exam/{ids['open_exam']}/overview", "/review/",
             f"/api/sessions/{ids['exam']}/results", f"/api/sessions/{ids['exam']}/items", "/api/csrf", "/healthz",
             "/rules/", f"/rules/{RULES[0].id}", f"/sessions/{ids['session_id']}/q/1", "/review/cards",
             "/reports/mine", "/account/", "/account/data.json",
             "/download/anki/topic/iam.apkg", "/download/anki/section/iam-roles/task-role.apkg",
             "/download/anki/weak.apkg"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/readyz").status_code == 503  # the test schema is made without migrations
    for path in ("/instructor/reports", "/instructor/stats/", "/instructor/stats/fake", "/instructor/publish"):
        assert teacher.get(path).status_code == 200, path
    assert teacher.get("/instructor/stats/nope").status_code == 404 and client.get("/instructor/stats/").status_code == 403
    review = client.post("/review/start")
    assert review.status_code == 302 and client.get(review.headers["Location"]).status_code == 200


def test_every_get_rule_is_covered(app):
    """A new GET route must be added to the walk above (or to the smoke tests)."""
    walked = {"/", "/notes/", "/notes/<slug>", "/practice/", "/practice/<dbint:session_id>",
              "/practice/<dbint:session_id>/results", "/exam/", "/exam/<dbint:session_id>",
              "/exam/<dbint:session_id>/q/<dbint:number>", "/exam/<dbint:session_id>/overview",
              "/exam/<dbint:session_id>/results", "/review/", "/api/sessions/<dbint:session_id>/results",
              "/api/sessions/<dbint:session_id>/items", "/api/sessions/<dbint:session_id>/current", "/api/csrf",
              "/instructor/reports", "/auth/login", "/auth/register", "/static/<path:filename>",
              "/healthz", "/readyz", "/rules/", "/rules/<rule_id>",
              "/sessions/<dbint:session_id>/q/<dbint:number>", "/review/cards", "/reports/mine",
              "/account/", "/account/data.json",
              "/download/anki/topic/<topic>.apkg", "/download/anki/section/<slug>/<section>.apkg",
              "/download/anki/weak.apkg",
              "/instructor/stats/", "/instructor/stats/<bank_id>", "/instructor/classes",
              "/instructor/classes/<dbint:class_id>", "/instructor/classes/<dbint:class_id>/assignments/<dbint:assignment_id>",
              "/instructor/classes/<dbint:class_id>/assignments/<dbint:assignment_id>.csv",  # walked in test_classes.py
              "/instructor/questions/<path:question_id>/versions",  # walked in test_versions.py
              "/instructor/publish"}
    rules = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert rules <= walked, rules - walked
