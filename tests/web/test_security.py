"""CSRF on every POST, no access to others' sessions, instructor-only pages, sanitizing, cookies."""
from __future__ import annotations

import pytest

from study.web.rendering import to_html
from tests.web.app_builder import build_app, drop_everything
from tests.web.form_requests import Auth, start_practice

SAMPLE_ARGS = {"session_id": 1, "question_id": "fake/q1", "number": 1, "filename": "study.css", "report_id": 1,
               "class_id": 1, "assignment_id": 1}


def post_rules(app):
    """Every (rule, url) that accepts POST, with sample values for its arguments."""
    with app.test_request_context():
        from flask import url_for

        return [(rule.rule, url_for(rule.endpoint, **{a: SAMPLE_ARGS[a] for a in rule.arguments}))
                for rule in app.url_map.iter_rules() if "POST" in rule.methods]


@pytest.fixture
def csrf_app(database_url, clock):
    """An app with CSRF protection on, as in production."""
    app = build_app(database_url, clock, WTF_CSRF_ENABLED=True)
    yield app
    drop_everything(app)


def test_every_post_route_requires_a_csrf_token(csrf_app):
    client = csrf_app.test_client()
    rules = post_rules(csrf_app)
    assert len(rules) >= 15
    for rule, url in rules:
        response = client.post(url, data={"x": "1"})
        assert response.status_code == 400, rule
    response = client.post("/api/sessions", json={"mode": "practice"})
    assert response.status_code == 400 and "error" in response.get_json()


def test_api_accepts_the_token_in_a_header(csrf_app):
    client = csrf_app.test_client()
    token = client.get("/api/csrf").get_json()["csrf_token"]
    response = client.post("/api/sessions", json={"topics": ["iam"], "count": 1}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def id_routes(app):
    """Every (method, url) whose rule takes a session id, pointed at session 1."""
    with app.test_request_context():
        from flask import url_for

        return [(method, rule.rule, url_for(rule.endpoint, **{a: SAMPLE_ARGS[a] for a in rule.arguments}))
                for rule in app.url_map.iter_rules() if "session_id" in rule.arguments
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_another_learners_session_is_a_404_everywhere(app, client, mode):
    owner = Auth(client)
    owner.register("owner")
    if mode == "practice":
        sid = start_practice(client, count="2")
    else:
        sid = int(client.post("/exam/start", data={"count": "3", "minutes": "5"}).headers["Location"].rsplit("/", 1)[1])
    assert sid == 1
    intruder = app.test_client()
    Auth(intruder).register("intruder")
    routes = id_routes(app)
    assert len(routes) >= 12
    for method, rule, url in routes:
        if url.startswith("/api"):
            response = intruder.open(url, method=method, json={"item_id": 1, "choices": ["right"]})
        else:
            response = intruder.open(url, method=method, data={"item_id": "1", "choice": "right"})
        assert response.status_code == 404, (method, rule, response.status_code)
    anonymous = app.test_client()
    for method, rule, url in routes:
        assert anonymous.open(url, method=method).status_code == 404, (method, rule)


@pytest.mark.parametrize("number", ["0", "2147483648", "99999999999999999999"])
def test_a_number_no_id_can_be_is_a_404_everywhere(app, client, auth, number):
    """Ids and positions live in INTEGER columns; a number outside them matches no route (not a 500)."""
    auth.register()
    start_practice(client, count="1")
    numeric = [rule for rule in app.url_map.iter_rules() if any(
        type(converter).__name__ == "DatabaseIntegerConverter" for converter in rule._converters.values())]
    assert len(numeric) >= 12
    for rule in numeric:
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<dbint:{argument}>", number).replace(f"<{argument}>", "x")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={"item_id": 1, "choices": ["right"]})
            assert response.status_code == 404, (method, rule.rule, response.status_code)
    assert not [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]


def test_instructor_pages_refuse_learners_and_visitors(app, client, auth):
    assert client.get("/instructor/reports").status_code == 403
    start_practice(client, count="1")  # now a visitor account
    assert client.get("/instructor/reports").status_code == 403
    auth.register()
    assert client.get("/instructor/reports").status_code == 403


def test_instructor_sees_reports(app, client, auth):
    from study.db.models import Role
    from study.web.accounts import create_account
    from study.web.database import db_session

    client.post("/questions/fake/q1/report", data={"message": "Choice B is also right", "next": "/"})
    with app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, app.config["STUDY_CLOCK"]())
        db_session().commit()
    teacher = app.test_client()
    Auth(teacher).login("teacher", "long password")
    page = teacher.get("/instructor/reports").get_data(as_text=True)
    assert "Choice B is also right" in page and "fake/q1" in page


def test_report_on_unknown_question_is_404_and_next_is_local_only(client):
    assert client.post("/questions/nope/q9/report", data={"message": "x"}).status_code == 404
    response = client.post("/questions/fake/q1/report", data={"message": "x", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("markdown", [
    "<script>alert(1)</script>hi",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<div onclick="alert(1)">x</div>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
])
def test_sanitizer_strips_scripts_handlers_and_javascript_urls(markdown):
    html = to_html(markdown).lower()
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<iframe" not in html and "onload" not in html


def test_note_page_is_sanitized_and_keeps_anchors(client):
    page = client.get("/notes/iam-roles").get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:" not in page
    assert 'id="task-role"' in page and "Practise this section" in page


def test_login_is_rate_limited(client, auth, clock):
    auth.register()
    auth.logout()
    for _ in range(5):
        assert auth.login(password="wrong password").status_code == 401
    assert auth.login().status_code == 429
    clock.advance(minutes=16)
    assert auth.login().status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, auth):
    auth.register()
    header = client.get_cookie("session")
    assert header.http_only and header.same_site == "Lax"


def test_passwords_are_hashed(app, auth):
    from sqlalchemy import select

    from study.db.models import User
    from study.web.database import db_session

    auth.register(password="correct horse")
    with app.app_context():
        stored = db_session().scalar(select(User.password_hash))
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
