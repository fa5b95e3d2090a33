"""Every GET route answers with the security headers; a signed-in learner's pages are not cached."""
from __future__ import annotations

from study.web.security_headers import HEADERS
from tests.web.test_pages import learner_with_history


def test_every_page_carries_the_security_headers(app, client, clock):
    ids = learner_with_history(app, client, clock)
    pages = ["/", "/notes/", "/notes/iam-roles", "/practice/", f"/practice/{ids['session_id']}/results",
             "/exam/", f"/exam/{ids['exam']}/results", "/review/", "/review/cards", "/rules/", "/api/csrf",
             "/healthz", "/auth/login", "/static/study.css", "/no-such-page", "/account/", "/account/data.json"]
    for path in pages:
        with client.get(path) as response:
            headers = response.headers
        for name, value in HEADERS.items():
            assert headers.get(name) == value, (path, name)
        if not path.startswith(("/static/", "/healthz")):
            assert headers.get("Cache-Control") == "no-store", path
    assert "frame-ancestors 'none'" in HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in HEADERS["Content-Security-Policy"]


def test_a_visitor_without_an_account_gets_cacheable_public_pages(client):
    assert client.get("/notes/").headers.get("Cache-Control") != "no-store"
