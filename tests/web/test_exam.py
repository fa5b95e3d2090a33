"""Exam mode: timer, flags, navigation, no feedback before submit, all-or-nothing, scaled score."""
from __future__ import annotations

import pytest

from study.web.quiz import scaled_score
from tests.web.form_requests import session_id_from
from tests.web.stored_state import load_session


def start_exam(client, count="6", minutes="10") -> int:
    response = client.post("/exam/start", data={"count": count, "minutes": minutes})
    assert response.status_code == 302
    return session_id_from(response)


def answer_form(item, right: bool) -> dict:
    """Form data answering the fake item right or wrong."""
    if item.question_id.endswith("n1"):
        value = item.params["load"] / 50 if right else -1
        return {"numeric": str(value)}
    if item.question_id.endswith("q5"):
        return {"choice": ["a", "b"] if right else ["a", "c"]}
    return {"choice": "right" if right else "wrong1"}


def test_exam_draws_across_every_domain(app, client):
    quiz = load_session(app, start_exam(client))
    topics = {i.question_id for i in quiz.items}
    assert len(topics) == 6
    assert quiz.deadline is not None


def test_no_feedback_before_submission(app, client):
    sid = start_exam(client)
    item = load_session(app, sid).items[0]
    response = client.post(f"/exam/{sid}/q/1", data=answer_form(item, False) | {"go": "1"}, follow_redirects=True)
    assert b"class=\"feedback\"" not in response.data and b"class=\"verdict" not in response.data


def test_flag_navigation_and_breakdown(app, client):
    sid = start_exam(client)
    items = load_session(app, sid).items
    client.post(f"/exam/{sid}/q/1", data=answer_form(items[0], True) | {"flagged": "1", "go": "next"})
    client.post(f"/exam/{sid}/q/2", data=answer_form(items[1], False) | {"go": "prev"})
    overview = client.get(f"/exam/{sid}/overview").get_data(as_text=True)
    assert "1 ⚑ flagged" in overview and "(unanswered)" in overview
    results = client.post(f"/exam/{sid}/submit", data={"confirm": "yes"}, follow_redirects=True).get_data(as_text=True)
    assert f"Score <strong>{scaled_score(1, 6)}</strong>" in results and "FAIL" in results
    assert "By domain" in results and "/notes/iam-roles#" in results
    assert "not answered (counts as wrong)" in results
    review = results.split("Every answer", 1)[1]
    assert review.count('class="feedback"') == 6, "every question, answered or not, shows the model's reasons"
    assert "Not answered." in review and 'class="finding"' in review


def test_changing_an_exam_answer_replaces_it(app, client):
    sid = start_exam(client)
    item = load_session(app, sid).items[0]
    client.post(f"/exam/{sid}/q/1", data=answer_form(item, False) | {"go": "1"})
    client.post(f"/exam/{sid}/q/1", data=answer_form(item, True) | {"go": "1"})
    assert load_session(app, sid).items[0].answer.correct


def test_multi_answer_is_all_or_nothing(app, client):
    sid = start_exam(client)
    quiz = load_session(app, sid)
    number, item = next((n, i) for n, i in enumerate(quiz.items, 1) if i.question_id.endswith("q5"))
    client.post(f"/exam/{sid}/q/{number}", data={"choice": ["a", "c"], "go": "1"})
    assert load_session(app, sid).items[number - 1].answer.correct is False


def test_timer_persists_and_expiry_submits(app, client, clock):
    sid = start_exam(client, minutes="10")
    clock.advance(minutes=4)
    page = client.get(f"/exam/{sid}/q/1").get_data(as_text=True)
    assert "6:00" in page
    clock.advance(minutes=7)
    response = client.get(f"/exam/{sid}", follow_redirects=True)
    assert b"Time is up" in response.data
    assert load_session(app, sid).scaled_score == 100


def test_pass_with_everything_right(app, client):
    sid = start_exam(client)
    for number, item in enumerate(load_session(app, sid).items, 1):
        client.post(f"/exam/{sid}/q/{number}", data=answer_form(item, True) | {"go": "next"})
    results = client.post(f"/exam/{sid}/submit", data={"confirm": "yes"}, follow_redirects=True).get_data(as_text=True)
    assert "Score <strong>1000</strong>" in results and "PASS" in results


@pytest.mark.parametrize(("correct", "total", "scaled"), [(0, 65, 100), (65, 65, 1000), (45, 65, 723), (0, 0, 100)])
def test_scaled_score(correct, total, scaled):
    assert scaled_score(correct, total) == scaled


def test_submitting_asks_first_and_lists_what_is_open(app, client):
    sid = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "30"}))
    item = load_session(app, sid).items[1]
    client.post(f"/exam/{sid}/q/2", data={"flagged": "1", "go": "next"})
    overview = client.get(f"/exam/{sid}/overview").get_data(as_text=True)
    assert "6 unanswered" in overview and "1 flagged" in overview and "2." in overview
    unconfirmed = client.post(f"/exam/{sid}/submit")
    assert unconfirmed.headers["Location"].endswith(f"/exam/{sid}/overview")
    assert load_session(app, sid).finished_at is None and item.flagged is False


def test_results_compare_with_earlier_mocks(app, client, clock):
    scores = []
    for _ in range(2):
        sid = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "30"}))
        client.post(f"/exam/{sid}/submit", data={"confirm": "yes"})
        scores.append(load_session(app, sid).scaled_score)
        clock.advance(minutes=40)
    page = client.get(f"/exam/{sid}/results").get_data(as_text=True)
    assert "Compared with your earlier mocks" in page and "not an official exam score" in page


def test_a_numeric_exam_answer_shows_on_its_page(app, client):
    """The question's number on the page and the typed number are different things (a 500 once)."""
    sid = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "30"}))
    item = next(i for i in load_session(app, sid).items if i.question_id.endswith("n1"))
    number = item.position + 1
    client.post(f"/exam/{sid}/q/{number}", data={"numeric": "4", "go": str(number)})
    page = client.get(f"/exam/{sid}/q/{number}").get_data(as_text=True)
    assert 'value="4"' in page


@pytest.mark.parametrize("go", ["²", "-1", "x", "999999999999"])
def test_a_strange_go_value_stays_on_the_exam(app, client, go):
    sid = session_id_from(client.post("/exam/start", data={"count": "6", "minutes": "30"}))
    response = client.post(f"/exam/{sid}/q/1", data={"go": go})
    assert response.status_code == 302 and f"/exam/{sid}/" in response.headers["Location"]


def test_time_per_question_counts_what_the_learner_spent_on_each(app, client, clock):
    sid = start_exam(client, minutes="30")
    for number, minutes in ((1, 2), (2, 1), (1, 3)):  # back to question 1 adds to it
        client.get(f"/exam/{sid}/q/{number}")
        clock.advance(minutes=minutes)
    client.get(f"/exam/{sid}/overview")  # leaving the questions stops the clock
    clock.advance(minutes=5)
    client.post(f"/exam/{sid}/submit", data={"confirm": "yes"})
    spent = [item.seconds_spent for item in load_session(app, sid).items]
    assert spent[:3] == [300, 60, 0]
    page = client.get(f"/exam/{sid}/results").get_data(as_text=True)
    assert "Time: 11:00 of 30 minutes" in page and "5:00 spent" in page and "1:00 spent" in page


def test_time_stops_at_the_deadline_and_after_submission(app, client, clock):
    sid = start_exam(client, minutes="10")
    client.get(f"/exam/{sid}/q/2")
    clock.advance(minutes=25)  # away long after the time ran out; the next request submits
    client.get(f"/exam/{sid}")
    client.get(f"/exam/{sid}/q/3")
    assert [item.seconds_spent for item in load_session(app, sid).items][1:3] == [600, 0]
    assert "Time: 10:00 of 10 minutes" in client.get(f"/exam/{sid}/results").get_data(as_text=True)
