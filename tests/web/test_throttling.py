"""Throttling of logins (per account and per address, with doubling waits), registrations and reports."""
from __future__ import annotations

import pytest

from tests.web.app_builder import build_app, drop_everything

RIGHT, WRONG = "correct horse", "wrong password"


def login(client, username="ada", password=RIGHT, addr="192.0.2.1", **headers):
    """POST the login form from addr."""
    return client.post("/auth/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": addr}, headers=headers)


@pytest.fixture
def accounts(client, auth):
    """Accounts ada and bob, logged out."""
    for name in ("ada", "bob"):
        auth.register(name)
        auth.logout()


def test_an_account_waits_after_the_limit_and_the_wait_doubles(client, accounts, clock):
    assert [login(client, password=WRONG).status_code for _ in range(5)] == [401] * 5
    refused = login(client)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Too many failed logins for this account; try again in 60 seconds." in refused.get_data(as_text=True)
    clock.advance(minutes=1)
    assert login(client, password=WRONG).status_code == 401
    assert login(client).headers["Retry-After"] == "120"
    clock.advance(minutes=2)
    assert login(client).status_code == 302  # the right password after the wait: backoff, not lockout


def test_a_successful_login_clears_the_account_count(client, accounts):
    for _ in range(4):
        login(client, password=WRONG)
    assert login(client).status_code == 302
    client.post("/auth/logout")
    assert [login(client, password=WRONG).status_code for _ in range(5)] == [401] * 5


def test_one_account_under_attack_does_not_lock_out_another_at_the_same_address(client, accounts):
    for _ in range(6):
        login(client, password=WRONG)
    assert login(client, username="bob").status_code == 302


def test_another_address_does_not_lift_an_accounts_wait(client, accounts):
    for index in range(5):
        login(client, password=WRONG, addr=f"198.51.100.{index}")
    assert login(client, addr="203.0.113.9").status_code == 429


@pytest.fixture
def proxied_app(database_url, clock):
    """An app behind one trusted proxy, with a small address limit."""
    app = build_app(database_url, clock, STUDY_PROXY_HOPS=1, STUDY_LOGIN_ADDRESS_LIMIT=3)
    yield app
    drop_everything(app)


def guess_names(client, count: int, forwarded_for: str):
    """Wrong passwords for count different names, through the proxy for forwarded_for."""
    return [login(client, username=f"name{i}", password=WRONG, addr="10.0.0.1",
                  **{"X-Forwarded-For": forwarded_for}).status_code for i in range(count)]


def test_an_address_guessing_many_names_waits_and_proxyfix_tells_clients_apart(proxied_app):
    client = proxied_app.test_client()
    assert guess_names(client, 4, "192.0.2.7") == [401, 401, 401, 429]
    assert guess_names(client, 1, "192.0.2.8") == [401]  # behind the same proxy, another client


def test_without_proxyfix_a_forged_forwarded_for_changes_nothing(database_url, clock):
    app = build_app(database_url, clock, STUDY_LOGIN_ADDRESS_LIMIT=3)
    try:
        client = app.test_client()
        statuses = [guess_names(client, 1, f"192.0.2.{i}")[0] for i in range(4)]
        assert statuses == [401, 401, 401, 429]
    finally:
        drop_everything(app)


def test_right_passwords_behind_one_address_use_up_no_tries(database_url, clock):
    app = build_app(database_url, clock, STUDY_LOGIN_ADDRESS_LIMIT=3)
    try:
        client = app.test_client()
        client.post("/auth/register", data={"username": "ada", "password": RIGHT})
        client.post("/auth/logout")
        for _ in range(10):  # a class logging in from one NAT address
            assert login(client).status_code == 302
            client.post("/auth/logout")
    finally:
        drop_everything(app)


def test_json_login_answers_429_with_retry_after(client, accounts):
    body = {"username": "ada", "password": WRONG}
    statuses = [client.post("/api/login", json=body).status_code for _ in range(5)]
    refused = client.post("/api/login", json=body | {"password": RIGHT})
    assert statuses == [401] * 5 and refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.get_json() == {"error": "Too many failed logins for this account; try again in 60 seconds."}


def test_json_login_logs_in(client, accounts):
    response = client.post("/api/login", json={"username": "bob", "password": RIGHT})
    assert response.status_code == 200 and response.get_json() == {"username": "bob"}
    assert client.post("/api/sessions", json={"mode": "practice", "count": 1}).status_code == 201


@pytest.mark.parametrize(("path", "form", "limit_setting", "ok_status"), [
    ("/auth/register", lambda i: {"username": f"user{i}", "password": RIGHT}, "STUDY_REGISTER_LIMIT", 302),
    ("/questions/fake/q1/report", lambda i: {"message": f"report {i}", "next": "/"}, "STUDY_REPORT_LIMIT", 302),
])
def test_registrations_and_reports_are_limited_per_address(database_url, clock, path, form, limit_setting, ok_status):
    app = build_app(database_url, clock, **{limit_setting: 2})
    try:
        statuses = []
        for i in range(3):
            client = app.test_client()  # a new visitor each time: only the address is the same
            statuses.append(client.post(path, data=form(i), environ_base={"REMOTE_ADDR": "192.0.2.5"}).status_code)
        other = app.test_client().post(path, data=form(9), environ_base={"REMOTE_ADDR": "192.0.2.6"})
        assert statuses == [ok_status, ok_status, 429] and other.status_code == ok_status
    finally:
        drop_everything(app)


@pytest.mark.parametrize(("remote", "counted_as"), [
    ("192.0.2.1", "192.0.2.1"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.1", "192.0.2.1"),
])
def test_addresses_are_counted_by_host_or_ipv6_network(app, remote, counted_as):
    from study.web.limits import client_address

    with app.test_request_context(environ_base={"REMOTE_ADDR": remote}):
        assert client_address() == counted_as
