"""/healthz answers without the database; /readyz only once the schema is at the newest revision."""
from __future__ import annotations

from study.db import migrate
from study.db.engine import Base
from study.web.database import get_engine


def test_liveness_needs_no_database(app, client):
    real_url = app.config["STUDY_DATABASE_URL"]
    app.config["STUDY_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    app.extensions.pop("study.engine").dispose()
    try:
        assert client.get("/healthz").get_json() == {"status": "ok"}
        response = client.get("/readyz")
        assert response.status_code == 503 and response.get_json()["reason"] == "database unreachable"
    finally:
        app.extensions.pop("study.engine").dispose()
        app.config["STUDY_DATABASE_URL"] = real_url


def test_ready_only_at_the_newest_schema(app, client):
    Base.metadata.drop_all(get_engine(app))
    response = client.get("/readyz")
    assert response.status_code == 503 and "study db upgrade" in response.get_json()["reason"]
    migrate.upgrade(get_engine(app))
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["questions"] > 0
    migrate.downgrade(get_engine(app), "base")


def test_every_response_carries_a_request_id(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-abc.123"}).headers["X-Request-ID"] == "lb-abc.123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id; with a space"}).headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


def test_forwarded_headers_are_trusted_only_through_configured_hops(monkeypatch, database_url, clock):
    from flask import request

    from tests.web.app_builder import build_app, drop_everything

    seen = {}
    for hops in ("0", "1"):
        monkeypatch.setenv("STUDY_PROXY_HOPS", hops)
        app = build_app(database_url, clock)
        app.add_url_rule("/who", "who", lambda: seen.setdefault(hops, (request.remote_addr, request.scheme)) and "")
        app.test_client().get("/who", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
        drop_everything(app)
    assert seen["0"] == ("127.0.0.1", "http") and seen["1"] == ("203.0.113.9", "https")
