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
