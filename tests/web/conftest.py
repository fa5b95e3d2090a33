"""Fixtures for the web tests: every test runs on SQLite, and on PostgreSQL when one is reachable."""
from __future__ import annotations

import pytest

from study import locations
from tests.database_backends import BACKENDS, database_url_for
from tests.web.app_builder import build_app, drop_everything
from tests.web.form_requests import Auth
from tests.web.pinned_clock import Clock


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A fresh database URL on each backend."""
    return database_url_for(request.param, tmp_path)


@pytest.fixture
def clock():
    """The pinned clock the app reads."""
    return Clock()


@pytest.fixture
def app(database_url, clock):
    """A fresh app with the fake catalog and an empty schema."""
    app = build_app(database_url, clock)
    yield app
    drop_everything(app)


@pytest.fixture
def real_app(database_url, clock):
    """An app that loads content/ and questions/ through the model adapter."""
    app = build_app(database_url, clock, STUDY_CATALOG=None, STUDY_CONTENT_DIR=str(locations.content_dir()),
                    STUDY_QUESTIONS_DIR=str(locations.questions_dir()))
    yield app
    drop_everything(app)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def auth(client):
    """Register/login helper bound to the client."""
    return Auth(client)
