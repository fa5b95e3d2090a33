"""Races between real requests: a live threaded server, two clients of one learner, started together.

Each test repeats its race; every round must keep the invariant, whichever request wins.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import select

from study.db.models import ReviewCard, SessionItem
from study.web.database import db_session
from tests.browser.conftest import serve

ROUNDS = 12


class Learner:
    """One learner's cookie jar, shared by every thread that speaks for them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def call(self, path: str, body: dict | None = None, form: dict | None = None) -> tuple[int, dict | str]:
        """GET (no body) or POST JSON/form; (status, decoded answer), never raising for 4xx/5xx."""
        data, headers = None, {}
        if body is not None:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        elif form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        return status, json.loads(text) if text.startswith("{") else text


def together(*calls, stagger: tuple[float, ...] = ()):
    """Run the calls in threads released at the same moment (each after its stagger in seconds, if
    given); their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        if index < len(stagger):
            time.sleep(stagger[index])
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def base_url(app):
    """The test app served from a thread."""
    yield from serve(app)


def start_exam(learner: Learner) -> tuple[int, dict]:
    """A three-minute exam over the fake bank; (id, a single-answer item)."""
    status, exam = learner.call("/api/sessions", {"mode": "exam", "count": 6, "minutes": 3})
    assert status == 201, exam
    _, listed = learner.call(f"/api/sessions/{exam['id']}/items")
    return exam["id"], next(i for i in listed["items"] if i["kind"] == "single")


def test_an_acknowledged_exam_answer_is_always_graded(base_url):
    """Answer and submit at once: a 200 answer counts in the score, a refused one (409) does not."""
    learner, outcomes = Learner(base_url), set()
    for round_ in range(ROUNDS):
        exam_id, item = start_exam(learner)
        (answered, _), (submitted, _) = together(
            lambda: learner.call(f"/api/sessions/{exam_id}/answer", {"item_id": item["item_id"], "choices": ["right"]}),
            lambda: learner.call(f"/api/sessions/{exam_id}/submit", {}),
            stagger=(0, 0.002 * (round_ % 4)))  # the submit from 0 to 6 ms later, so either may win
        assert submitted == 200
        _, results = learner.call(f"/api/sessions/{exam_id}/results")
        assert (answered, results["correct"]) in {(200, 1), (409, 0)}, (answered, results)
        outcomes.add(answered)
    assert 200 in outcomes  # the race was run, not always lost by the answer


def test_two_submits_grade_once(app, base_url):
    """Two submits at once: the same result for both, and each missed question lapses once."""
    learner = Learner(base_url)
    for _ in range(ROUNDS):
        exam_id, _item = start_exam(learner)
        first, second = together(*[lambda: learner.call(f"/api/sessions/{exam_id}/submit", {})] * 2)
        assert first[0] == second[0] == 200 and first[1]["scaled_score"] == second[1]["scaled_score"]
    with app.app_context():
        lapses = db_session().scalars(select(ReviewCard.lapses).filter_by(kind="question")).all()
    assert lapses and set(lapses) == {ROUNDS}  # one lapse per exam for every question, never two


def test_one_question_missed_in_two_sessions_at_once(app, base_url):
    """The same learner misses the same question in two practice sessions at once: both stored,
    one review card, two lapses (no unique-key error behind a 500)."""
    learner = Learner(base_url)
    for round_ in range(1, ROUNDS + 1):
        for _ in range(2):
            status, _page = learner.call("/practice/start", form={"question": "fake/q1", "count": "1"})
            assert status == 200
        answers = together(*[
            (lambda sid=sid, iid=iid: learner.call(f"/api/sessions/{sid}/answer", {"item_id": iid, "choices": ["wrong1"]}))
            for sid, iid in newest_practice_items(app, 2)])
        assert [status for status, _ in answers] == [200, 200], answers
        with app.app_context():
            card = db_session().scalar(select(ReviewCard).filter_by(kind="question", key="fake/q1"))
            assert card.lapses == 2 * round_


def newest_practice_items(app, count: int) -> list[tuple[int, int]]:
    """(session id, item id) of the newest practice sessions, one item each."""
    with app.app_context():
        rows = db_session().execute(select(SessionItem.session_id, SessionItem.id)
                                    .order_by(SessionItem.session_id.desc()).limit(count)).all()
    return [tuple(row) for row in rows]


def test_two_tabs_moving_through_an_exam_count_each_second_once(app, base_url, clock):
    """Two tabs open other questions at the same moment: the time on the question left goes to it
    once, so the seconds of all items add up to the time that passed."""
    learner = Learner(base_url)
    status, exam = learner.call("/api/sessions", {"mode": "exam", "count": 6, "minutes": 300})
    assert status == 201, exam
    learner.call(f"/exam/{exam['id']}/q/1")
    for _ in range(ROUNDS):
        clock.advance(seconds=10)
        together(lambda: learner.call(f"/exam/{exam['id']}/q/2"), lambda: learner.call(f"/exam/{exam['id']}/q/3"))
    with app.app_context():
        spent = db_session().scalars(select(SessionItem.seconds_spent).filter_by(session_id=exam["id"])).all()
    assert sum(spent) == 10 * ROUNDS
