"""Cookie flags: Secure exactly when the request came over HTTPS (directly or through a trusted proxy),
HttpOnly and SameSite=Lax always."""
from __future__ import annotations

import pytest

from tests.web.app_builder import build_app, drop_everything

COOKIES = ("session", "remember_token")


def set_cookies(response) -> dict[str, str]:
    """The Set-Cookie headers of a response, by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


@pytest.fixture(params=[0, 1], ids=["direct", "behind-one-proxy"])
def proxy_app(request, database_url, clock):
    """An app reached directly, or through one trusted proxy."""
    app = build_app(database_url, clock, STUDY_PROXY_HOPS=request.param)
    yield app
    drop_everything(app)


@pytest.mark.parametrize(("base_url", "forwarded_proto", "secure_when_direct", "secure_behind_proxy"), [
    ("http://localhost", None, False, False),
    ("https://localhost", None, True, True),
    ("http://localhost", "https", False, True),  # a forged header counts only when a proxy is trusted
    ("http://localhost", "http", False, False),
])
def test_cookies_are_secure_exactly_over_https(proxy_app, base_url, forwarded_proto, secure_when_direct,
                                                 secure_behind_proxy):
    headers = {"X-Forwarded-Proto": forwarded_proto} if forwarded_proto else {}
    response = proxy_app.test_client().post("/auth/register", base_url=base_url, headers=headers,
                                            data={"username": "ada", "password": "correct horse"})
    assert response.status_code == 302
    expected = secure_behind_proxy if proxy_app.config["STUDY_PROXY_HOPS"] else secure_when_direct
    cookies = set_cookies(response)
    for name in COOKIES:
        assert ("; Secure" in cookies[name]) == expected, cookies[name]
        assert "; HttpOnly" in cookies[name] and "; SameSite=Lax" in cookies[name]


def test_plain_http_keeps_working_without_secure_cookies(client, auth):
    auth.register()
    assert client.get("/account/").status_code == 200


def test_secure_cookies_can_be_forced(database_url, clock):
    app = build_app(database_url, clock, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    try:
        response = app.test_client().post("/auth/register", data={"username": "ada", "password": "correct horse"})
        assert all("; Secure" in set_cookies(response)[name] for name in COOKIES)
    finally:
        drop_everything(app)
