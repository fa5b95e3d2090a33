"""Practice mode: verdicts with reasons, unsure answers, resume, results, numeric questions."""
from __future__ import annotations

from study.db.models import Role
from study.web import create_app
from study.web.database import dispose_engine
from tests.web.fake_catalog import wrong_choice
from tests.web.form_requests import start_practice
from tests.web.stored_state import answer_count, current, load_session


def test_visitor_practises_and_sees_the_models_reason(app, client):
    sid = start_practice(client, topic="iam", count="2")
    item = current(app, sid)
    page = client.get(f"/practice/{sid}")
    assert b"Question 1 of 2" in page.data or b"question 1 of 2" in page.data
    response = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item)},
                           follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Wrong." in text
    assert "breaks IAM0" in text
    assert "this would hold if" in text
    assert "/notes/iam-roles#" in text
    assert "<svg" in text and "diagram" in text


def test_choices_are_shuffled_per_attempt(app, client):
    orders = set()
    for _ in range(8):
        sid = start_practice(client, topic="iam", count="1")
        orders.add(tuple(current(app, sid).choice_order))
    assert len(orders) > 1


def test_resume_after_server_restart(app, client):
    sid = start_practice(client, topic="iam", count="2")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"})
    client.post(f"/practice/{sid}/next")
    again = create_app(dict(app.config))  # a restart: a new app on the same database
    second = again.test_client()
    second.set_cookie("session", client.get_cookie("session").value)
    page = second.get(f"/practice/{sid}")
    assert page.status_code == 200
    assert b"question 2 of 2" in page.data
    dispose_engine(again)


def test_unsure_right_answer_enters_review_queue(app, client, auth):
    auth.register()
    sid = start_practice(client, topic="iam", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right", "unsure": "1"})
    from sqlalchemy import select

    from study.db.models import ReviewCard
    from study.web.database import db_session

    with app.app_context():
        cards = db_session().scalars(select(ReviewCard)).all()
    assert [(c.kind, c.key) for c in cards] == [("question", item.question_id)]


def test_finishing_shows_the_score(app, client):
    sid = start_practice(client, topic="iam", count="2")
    for _ in range(2):
        item = current(app, sid)
        client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"})
        client.post(f"/practice/{sid}/next")
    page = client.get(f"/practice/{sid}", follow_redirects=True)
    assert b"2 of 2" in page.data
    assert load_session(app, sid).finished_at is not None


def test_numeric_question_uses_drawn_parameters(app, client):
    sid = start_practice(client, topic="auto-scaling", count="1")
    item = current(app, sid)
    assert item.params["load"] in (100, 200)
    expected = item.params["load"] / 50
    response = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "numeric": str(expected)},
                           follow_redirects=True)
    assert b"Right." in response.data and b"How: " in response.data and b"AS01" in response.data
    assert current(app, sid).answer.correct


def test_registering_keeps_visitor_work(app, client, auth):
    sid = start_practice(client, topic="iam", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"})
    auth.register("grace")
    quiz = load_session(app, sid)
    from study.db.models import User
    from study.web.database import db_session

    with app.app_context():
        owner = db_session().get(User, quiz.user_id)
        assert owner.username == "grace" and owner.role == Role.LEARNER
    assert client.get(f"/practice/{sid}").status_code == 200
    assert answer_count(app) == 1


def test_numeric_stem_shows_the_drawn_values(app, client):
    sid = start_practice(client, topic="auto-scaling", count="1")
    item = current(app, sid)
    page = client.get(f"/practice/{sid}").get_data(as_text=True)
    assert f"How many tasks for {item.params['load']}?" in page and "{load}" not in page
    assert 'class="params"' not in page and "<dt>load</dt>" not in page  # no internal parameter names


def test_a_whole_number_answer_shows_as_typed(app, client):
    sid = start_practice(client, topic="auto-scaling", count="1")
    item = current(app, sid)
    typed = f"{item.params['load'] // 50}"
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "numeric": typed},
                       follow_redirects=True).get_data(as_text=True)
    assert f'value="{typed}"' in page and f"you answered {typed}." in page and f"{typed}.0" not in page


def test_note_title_is_not_printed_twice(client):
    page = client.get("/notes/iam-roles").get_data(as_text=True)
    assert page.count("<h1") == 1


def test_note_embeds_the_deployment_diagram_of_a_worked_example(client):
    page = client.get("/notes/iam-roles").get_data(as_text=True)
    assert 'class="worked-diagram"' in page and "choice wrong1 of fake/q1" in page
    assert 'aria-label="Deployment diagram"' in page and "language-diagram" not in page
