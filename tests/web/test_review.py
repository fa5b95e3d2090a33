"""Spaced review: misses enter the FSRS queue, rules bring other questions back, settings apply."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from study.db.models import ReviewCard, User
from study.web.database import db_session
from tests.web.helpers import current, load_session, start_practice


def cards(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted((c.kind, c.key) for c in db_session().scalars(select(ReviewCard)))


def miss(app, client, topic="iam") -> str:
    sid = start_practice(client, topic=topic, count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "wrong1"})
    return item.question_id


def test_a_miss_queues_the_question_and_its_rule(app, client, auth):
    auth.register()
    gid = miss(app, client, topic="load-balancers")
    assert cards(app) == [("question", gid), ("rule", "ELB01")]


def test_review_brings_the_rule_back_through_another_question(app, client, auth, clock):
    auth.register()
    gid = miss(app, client, topic="launch-types")  # q3 breaks IAM01, like q1
    clock.advance(days=1)
    response = client.post("/review/start")
    sid = int(response.headers["Location"].rsplit("/", 1)[1])
    reviewed = {i.question_id for i in load_session(app, sid).items}
    assert reviewed == {gid, "fake/q1"}


def test_review_queue_page_and_nothing_due(app, client, auth):
    auth.register()
    response = client.post("/review/start", follow_redirects=True)
    assert b"Nothing is due" in response.data


def test_settings_save_exam_date_and_retention(app, client, auth):
    auth.register()
    client.post("/settings", data={"exam_date": "2026-04-01", "desired_retention": "0.85"})
    with app.app_context():
        user = db_session().scalar(select(User).filter_by(username="ada"))
        assert (user.exam_date, user.desired_retention) == (date(2026, 4, 1), 0.85)
    page = client.get("/").get_data(as_text=True)
    assert "30 days to your exam" in page


def test_bad_settings_are_refused(app, client, auth):
    auth.register()
    response = client.post("/settings", data={"exam_date": "soon", "desired_retention": "2"}, follow_redirects=True)
    assert b"YYYY-MM-DD" in response.data


def test_dashboard_draws_charts(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"})
    client.post(f"/practice/{sid}/next")
    page = client.get("/").get_data(as_text=True)
    assert 'aria-label="Score trend"' in page and 'aria-label="Mastery per topic"' in page
    assert "IAM roles for tasks" in page


def test_dashboard_counts_what_is_due_today(app, client, auth, clock):
    auth.register()
    miss(app, client, topic="load-balancers")
    page = client.get("/").get_data(as_text=True)
    assert "<strong>2</strong> due today" in page


def test_dashboard_projects_recall_to_the_exam_date(app, client, auth):
    auth.register()
    miss(app, client, topic="load-balancers")
    client.post("/settings", data={"exam_date": "2026-04-01", "desired_retention": "0.9"})
    page = client.get("/").get_data(as_text=True)
    assert "you would recall about" in page
