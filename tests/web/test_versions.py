"""Question versions in the web app: items record the version drawn, reports carry what the learner saw,
retired questions are left out of new sessions."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from study.db.models import ItemAttempt, ProblemReport
from study.db.publish import publish, retire
from study.web.app_catalog import catalog
from study.web.database import db_session
from tests.web.fake_catalog import wrong_choice
from tests.web.form_requests import start_practice
from tests.web.stored_state import current, load_session
from tests.web.test_reports import send_report, teacher_client


def stored_report(app) -> ProblemReport:
    """The one problem report stored."""
    with app.app_context():
        return db_session().scalars(select(ProblemReport)).one()


def retire_in_app(app, clock, gid: str) -> None:
    """Publish the app's banks and retire one question, as `study publish --retire` does."""
    with app.app_context():
        db = db_session()
        publish(db, catalog().banks, clock())
        retire(db, gid, clock())
        db.commit()


def test_every_item_records_the_version_of_its_question(app, client):
    sid = start_practice(client, count="6")
    items = load_session(app, sid).items
    with app.app_context():
        assert [i.question_hash for i in items] == [catalog().entry(i.question_id).content_hash for i in items]
    assert all(len(i.question_hash) == 64 for i in items)


def test_a_finished_session_s_attempts_record_the_versions_answered(app, client):
    sid = start_practice(client, count="2", topic="iam")
    for _ in range(2):
        item = current(app, sid)
        client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item)})
        client.post(f"/practice/{sid}/next")
    with app.app_context():
        attempts = db_session().scalars(select(ItemAttempt).where(ItemAttempt.session_id == sid)).all()
        hashes = {a.question_id: a.question_hash for a in attempts}
        assert hashes and hashes == {gid: catalog().entry(gid).content_hash for gid in hashes}


def test_a_retired_question_is_not_drawn_but_its_items_stay(app, client, clock):
    before = start_practice(client, question="fake/q1", count="1")
    retire_in_app(app, clock, "fake/q1")
    after = start_practice(client, count="50")
    assert "fake/q1" not in [i.question_id for i in load_session(app, after).items]
    assert len(load_session(app, after).items) == len(catalog_gids(app)) - 1
    assert [i.question_id for i in load_session(app, before).items] == ["fake/q1"]


def catalog_gids(app) -> list[str]:
    """Every question the fake catalog serves."""
    with app.app_context():
        return list(catalog().entries)


def test_only_retired_questions_chosen_is_said_not_started(app, client, clock):
    retire_in_app(app, clock, "fake/q1")
    response = client.post("/practice/start", data={"question": "fake/q1", "count": "1"}, follow_redirects=True)
    assert b"No questions match that choice" in response.data


@pytest.mark.parametrize("answered", [True, False])
def test_a_report_from_a_question_carries_the_session_version_values_and_pick(app, client, answered):
    sid = start_practice(client, question="fake/q1", count="1")
    item = current(app, sid)
    picked = wrong_choice(item)
    if answered:
        client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": picked})
    page = client.get(f"/practice/{sid}").get_data(as_text=True)
    assert f"/questions/fake/q1/report?item={item.id}" in page
    client.post(f"/questions/fake/q1/report?item={item.id}", data={"message": "Unclear.", "next": "/"})
    report = stored_report(app)
    assert (report.session_id, report.question_hash, report.params) == (sid, item.question_hash, item.params)
    assert report.picks == ([picked] if answered else None)


def test_a_report_keeps_the_number_typed_and_the_values_drawn(app, client):
    sid = start_practice(client, topic="auto-scaling", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "numeric": "7"})
    client.post(f"/questions/{item.question_id}/report?item={item.id}", data={"message": "Odd.", "next": "/"})
    report = stored_report(app)
    assert report.picks == ["7"] and report.params == item.params and report.params


@pytest.mark.parametrize("whose", ["another learner's item", "an item of another question", "no such item",
                                   "not a number"])
def test_a_report_names_no_item_it_may_not(app, client, whose):
    other = app.test_client()
    other_sid = start_practice(other, question="fake/q1", count="1")
    own_sid = start_practice(client, question="fake/q2", count="1")
    item_id = {"another learner's item": current(app, other_sid).id,
               "an item of another question": current(app, own_sid).id,
               "no such item": 999999, "not a number": "x"}[whose]
    client.post(f"/questions/fake/q1/report?item={item_id}", data={"message": "Hm.", "next": "/"})
    report = stored_report(app)  # still stored, for the question the URL names, without what it may not see
    assert report.question_id == "fake/q1"
    assert (report.session_id, report.question_hash, report.params, report.picks) == (None, None, None, None)


def publish_edit(app, clock, stem: str) -> None:
    """Publish the fake banks with q1's stem changed (a second version of fake/q1)."""
    with app.app_context():
        bank = catalog().banks[0]
        edited = [replace(q, stem=stem) if q.id == "q1" else q for q in bank.questions]
        db = db_session()
        publish(db, [bank], clock())
        publish(db, [replace(bank, questions=edited)], clock())
        db.commit()


def test_an_instructor_retires_a_question_from_its_report(app, client, clock):
    sid = start_practice(client, question="fake/q1", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": wrong_choice(item)})
    send_report(client, question="fake/q1")
    teacher = teacher_client(app, clock)
    page = teacher.get("/instructor/reports").get_data(as_text=True)
    assert "Retire this question" in page
    retired = teacher.post("/instructor/questions/fake/q1/retire", follow_redirects=True).get_data(as_text=True)
    assert "fake/q1 is retired" in retired and "Retire this question" not in retired
    again = teacher.post("/instructor/questions/fake/q1/retire", follow_redirects=True).get_data(as_text=True)
    assert "fake/q1 was already retired" in again
    assert "fake/q1" not in [i.question_id for i in load_session(app, start_practice(client, count="50")).items]


def test_the_report_page_shows_the_version_session_values_and_pick(app, client, clock):
    sid = start_practice(client, question="fake/q1", count="1")
    item = current(app, sid)
    picked = wrong_choice(item)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": picked})
    client.post(f"/questions/fake/q1/report?item={item.id}", data={"message": "Unclear.", "next": "/"})
    page = teacher_client(app, clock).get("/instructor/reports").get_data(as_text=True)
    assert f"Seen as version <code>{item.question_hash[:12]}</code> in session {sid}; picked {picked}" in page


def test_the_versions_page_diffs_the_last_two_versions(app, client, clock):
    publish_edit(app, clock, "Which design works, reworded?")
    teacher = teacher_client(app, clock)
    page = teacher.get("/instructor/questions/fake/q1/versions").get_data(as_text=True)
    assert "<span class=\"added\">+stem: Which design works, reworded?</span>" in page
    assert '<span class="removed">-stem: &#39;Question **q1**: which design works?&#39;</span>' in page
    same = teacher.get("/instructor/questions/fake/q2/versions").get_data(as_text=True)
    assert "have the same content" in same


@pytest.mark.parametrize(("path", "method", "code"), [
    ("/instructor/questions/fake/q1/versions", "get", 403),
    ("/instructor/questions/fake/q1/retire", "post", 403),
])
def test_learners_may_not_retire_or_read_versions(app, client, clock, path, method, code):
    publish_edit(app, clock, "Reworded.")
    start_practice(client, count="1")
    assert getattr(client, method)(path).status_code == code


@pytest.mark.parametrize(("path", "method", "message"), [
    ("/instructor/questions/fake/nope/versions", "get", b"No version of &#39;fake/nope&#39; is published"),
    ("/instructor/questions/fake/nope/retire", "post", b"There is no question &#39;fake/nope&#39;"),
])
def test_an_unknown_question_is_a_404_with_a_sentence(app, clock, path, method, message):
    response = getattr(teacher_client(app, clock), method)(path)
    assert response.status_code == 404 and message in response.data
