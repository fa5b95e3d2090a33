"""Accounts: registration rules, logging in adopts a visitor's work, the 500 page hides tracebacks."""
from __future__ import annotations

import pytest

from tests.web.form_requests import Auth, start_practice
from tests.web.stored_state import load_session


@pytest.mark.parametrize(("username", "password", "message"), [
    ("", "long enough", b"Use a username"),
    ("bad name!", "long enough", b"Use a username"),
    ("ada", "short", b"at least 8"),
])
def test_registration_is_checked(client, username, password, message):
    response = Auth(client).register(username, password)
    assert response.status_code == 422 and message in response.data


def test_duplicate_username_is_refused(app, client):
    Auth(client).register("ada")
    other = app.test_client()
    response = Auth(other).register("ada")
    assert response.status_code == 422 and b"is taken" in response.data


def test_logging_in_adopts_visitor_sessions(app, client):
    Auth(client).register("ada")
    Auth(client).logout()
    sid = start_practice(client, count="1")  # as a visitor now
    assert Auth(client).login("ada").status_code == 302
    owner = load_session(app, sid).user_id
    with app.app_context():
        from study.db.models import User
        from study.web.database import db_session

        assert db_session().get(User, owner).username == "ada"


def test_server_error_page_has_no_traceback(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data and b"secret internals" not in response.data


def test_login_survives_closing_the_browser(app, client):
    """A browser restart drops the session cookie; the remember cookie brings the learner back."""
    sid = start_practice(client, count="1")  # a visitor
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.expires is not None and remember.http_only
    restarted = app.test_client()
    restarted.set_cookie("remember_token", remember.value)
    assert restarted.get(f"/practice/{sid}").status_code == 200



@pytest.mark.parametrize("next_url, lands", [
    ("/review/", "/review/"), ("//evil.example/", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
])
def test_login_goes_back_to_a_page_of_this_site_only(client, auth, next_url, lands):
    auth.register()
    auth.logout()
    response = client.post("/auth/login", query_string={"next": next_url},
                           data={"username": "ada", "password": "correct horse"})
    assert response.status_code == 302 and response.headers["Location"] == lands


def test_register_links_to_login(client):
    assert 'href="/auth/login"' in client.get("/auth/register").get_data(as_text=True)


def test_an_unknown_name_costs_the_same_hash_check(app, client, auth, monkeypatch):
    """Login timing must not tell which usernames exist: both paths check one password hash."""
    from study.web import accounts

    auth.register()
    auth.logout()
    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    auth.login("ada", "wrong password")
    auth.login("nobody", "wrong password")
    assert len(checked) == 2 and checked[1] == accounts.unknown_user_hash()


def test_logout_revokes_every_copy_of_the_cookies(app, client, auth):
    """A cookie copied before logout (stolen, or left in another browser) no longer logs anyone in."""
    auth.register()
    assert client.get("/review/").status_code == 200
    copied = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    auth.logout()
    replay = app.test_client()
    for name, value in copied.items():
        replay.set_cookie(name, value)
    response = replay.get("/review/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login()
    assert client.get("/review/").status_code == 200  # logging in again works


def test_logging_in_starts_a_new_session(client, auth):
    auth.register()
    auth.logout()
    client.get("/practice/")
    before = client.get_cookie("session").value
    auth.login()
    assert client.get_cookie("session").value != before
