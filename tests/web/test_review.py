"""Spaced review: misses enter the FSRS queue, rules bring other questions back, settings apply."""
from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from study.db.models import ReviewCard, User
from study.web.database import db_session
from study.web.scheduling import DailyLimits
from tests.web.form_requests import start_practice
from tests.web.stored_state import current, load_session


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


def test_dashboard_tells_the_truth(app, client, auth):
    """Every topic listed with what was seen, one answer is not mastery, no prediction without evidence,
    mock scores apart from practice."""
    auth.register()
    sid = start_practice(client, topic="iam", question="fake/q1", count="1")
    item = current(app, sid)
    client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"})
    client.post(f"/practice/{sid}/next")
    page = " ".join(client.get("/").get_data(as_text=True).split())
    assert "seen 1 of 2 questions" in page and "1 answer, too few to judge" in page  # IAM: q1 of q1, q2
    assert page.count("seen 0 of 1 questions") == 4  # the untouched topics are listed too
    assert "No predicted score yet: it needs 5 recent answers in every topic, and 29 more are needed" in page
    assert "Predicted score <strong>" not in page
    assert "No mock exam finished yet" in page and "1 of 1" in page  # the practice table


def test_a_past_exam_date_is_refused(app, client, auth, clock):
    auth.register()
    response = client.post("/settings", data={"exam_date": "2026-03-01", "desired_retention": "0.9"},
                           follow_redirects=True)
    assert b"2026-03-01 has passed" in response.data


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


def review_card(app, gid):
    with app.app_context():
        return db_session().scalar(select(ReviewCard).filter_by(kind="question", key=gid))


def test_in_review_the_learner_rates_with_the_next_intervals_shown(app, client, auth, clock):
    auth.register()
    gid = miss(app, client, topic="load-balancers")
    clock.advance(days=2)
    sid = int(client.post("/review/start").headers["Location"].rsplit("/", 1)[1])
    item = current(app, sid)
    due_before = review_card(app, gid).due
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "right"},
                       follow_redirects=True).get_data(as_text=True)
    assert review_card(app, gid).due == due_before  # answering alone does not schedule the question
    buttons = re.findall(r'value="(again|hard|good|easy)" class="([^"]*)">\w+ <span class="interval">([^<]+)<', page)
    assert [name for name, _, _ in buttons] == ["again", "hard", "good", "easy"]
    assert [name for name, css, _ in buttons if css == "primary"] == ["good"]  # proposed from a right answer
    assert all(interval for _, _, interval in buttons)
    client.post(f"/practice/{sid}/rate", data={"rating": "easy"})
    easy_due = review_card(app, gid).due
    assert easy_due - clock() >= timedelta(days=1) and load_session(app, sid).finished_at is not None


@pytest.mark.parametrize("minutes, text", [(0.5, "<1 min"), (10, "10 min"), (300, "5 h"), (4 * 1440, "4 d"),
                                           (65 * 1440, "2 mo")])
def test_interval_text(minutes, text):
    from study.web.scheduling import interval_text

    assert interval_text(timedelta(minutes=minutes)) == text


def test_the_card_browser_lists_and_searches_cards(app, client, auth):
    auth.register()
    miss(app, client, topic="load-balancers")
    page = client.get("/review/cards").get_data(as_text=True)
    assert "Question <strong>q4</strong>" in page and 'href="/rules/ELB01"' in page
    filtered = client.get("/review/cards?q=networking").get_data(as_text=True)
    assert "<strong>q4</strong>" in filtered and 'href="/rules/ELB01"' not in filtered  # the rule card is not in that topic
    by_rule = client.get("/review/cards?q=elb01").get_data(as_text=True)
    assert 'href="/rules/ELB01"' in by_rule and "<strong>q4</strong>" not in by_rule  # (a bare q4 may sit in a token)
    assert "No card matches" in client.get("/review/cards?q=zebra").get_data(as_text=True)


@pytest.mark.parametrize(("new", "reviews", "saved"), [("5", "50", (5, 50)), ("0", "0", (0, 0)),
                                                      ("-1", "50", None), ("5", "10000", None), ("many", "5", None)])
def test_daily_limits_are_saved_or_refused(app, client, auth, new, reviews, saved):
    auth.register()
    response = client.post("/settings", data={"desired_retention": "0.9", "new_cards_per_day": new,
                                              "reviews_per_day": reviews}, follow_redirects=True)
    with app.app_context():
        user = db_session().scalar(select(User).filter_by(username="ada"))
        stored = (user.new_cards_per_day, user.reviews_per_day)
    assert stored == (saved or (20, 200))
    assert (b"Settings saved" in response.data) == (saved is not None)


def review_items(app, client) -> list[str]:
    response = client.post("/review/start")
    if not re.search(r"/practice/\d+$", response.headers["Location"]):
        return []
    return [i.question_id for i in load_session(app, int(response.headers["Location"].rsplit("/", 1)[1])).items]


def test_daily_limits_hold_back_new_questions_and_reviews_until_tomorrow(app, client, auth, clock):
    auth.register()
    client.post("/settings", data={"desired_retention": "0.9", "new_cards_per_day": "1", "reviews_per_day": "5"})
    for topic in ("iam", "load-balancers", "volumes"):
        miss(app, client, topic=topic)
    clock.advance(days=1)
    queue = client.get("/review/").get_data(as_text=True)
    assert "Today's limits let you do 1" in queue
    first = review_items(app, client)
    assert len(first) == 1
    assert review_items(app, client) == first  # today's one new question is used: only it comes again
    clock.advance(days=1)
    second = review_items(app, client)
    assert len(second) == 2 and first[0] in second  # yesterday's question, and one new one


@pytest.mark.parametrize(("new_left", "reviews_left", "seen", "expected"), [
    (5, 5, set(), ["a", "b", "c"]),
    (1, 5, set(), ["a"]),
    (1, 5, {"b"}, ["a", "b"]),
    (0, 5, {"c"}, ["c"]),
    (5, 2, set(), ["a", "b"]),
    (5, 0, {"a"}, []),
])
def test_daily_limits_pick_in_order(new_left, reviews_left, seen, expected):
    entries = [SimpleNamespace(gid=g) for g in "abc"]
    limits = DailyLimits(new_left, reviews_left, frozenset(seen))
    assert [e.gid for e in limits.apply(entries)] == expected
