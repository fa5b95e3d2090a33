"""The app signs CSRF tokens itself (without a zlib attempt): the same tokens Flask-WTF makes and checks."""
from __future__ import annotations

import re

import pytest
from flask import g, session
from flask_wtf.csrf import generate_csrf, validate_csrf

from study.web.extensions import signed_csrf_token
from tests.web.support import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", [BACKENDS[0]], indirect=True)  # reads no database
NOW = 1_800_000_000


@pytest.fixture
def frozen(monkeypatch):
    """itsdangerous stamps whole seconds from time.time(): pin it so two signatures can be compared."""
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: NOW)


@pytest.mark.parametrize("settings", [{}, {"WTF_CSRF_SECRET_KEY": "a separate key"},
                                      {"WTF_CSRF_FIELD_NAME": "token"}], ids=["default", "own key", "own field"])
def test_same_token_as_flask_wtf_and_it_validates(app, frozen, settings):
    app.config.update(settings)
    name = settings.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    with app.test_request_context():
        session[name] = "f0a050cdba675f551ce7dcd3af80cc299e73b52b"
        ours = signed_csrf_token()
        assert signed_csrf_token() is ours  # kept for the request
        delattr(g, name)
        assert generate_csrf() == ours
        validate_csrf(ours)  # raises when Flask-WTF would refuse it


def test_first_token_of_a_session_comes_from_flask_wtf(app, frozen):
    with app.test_request_context():
        assert "csrf_token" not in session
        token = signed_csrf_token()
        assert re.fullmatch(r"[0-9a-f]{40}", session["csrf_token"])
        validate_csrf(token)


def test_a_token_for_another_session_is_refused(app, frozen):
    with app.test_request_context():
        session["csrf_token"] = "1" * 40
        token = signed_csrf_token()
    with app.test_request_context():
        session["csrf_token"] = "2" * 40
        with pytest.raises(Exception, match="do not match"):
            validate_csrf(token)


def test_every_form_on_a_page_carries_the_one_token_and_it_is_accepted(app, client, auth):
    auth.register()
    app.config["WTF_CSRF_ENABLED"] = True  # the other web tests post without tokens
    client.get("/practice/")
    page = client.post("/practice/start", data={"csrf_token": client.get("/api/csrf").get_json()["csrf_token"],
                                                "topic": "iam", "count": "1"}, follow_redirects=True)
    tokens = re.findall(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert len(tokens) == 3 and len(set(tokens)) == 1  # log out, answer, report
    sid = int(re.search(r'action="/practice/(\d+)/answer"', page.get_data(as_text=True)).group(1))
    assert client.post(f"/practice/{sid}/answer", data={"csrf_token": "forged", "item_id": "x"}).status_code == 400
    answered = client.post(f"/practice/{sid}/answer", data={"csrf_token": tokens[0], "item_id": "x"})
    assert answered.status_code == 302  # past the CSRF check (the item id is then refused with a message)
