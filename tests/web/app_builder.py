"""A test app on the fake catalog and a freshly created schema, and its teardown."""
from __future__ import annotations

from study.db.engine import Base
from study.web import create_app
from study.web.database import dispose_engine, get_engine
from tests.web.fake_catalog import fake_catalog
from tests.web.pinned_clock import Clock


def build_app(database_url: str, clock: Clock, **overrides):
    """A test app on a freshly created schema."""
    config = {"TESTING": True, "SECRET_KEY": "test", "STUDY_DATABASE_URL": database_url,
              "STUDY_CATALOG": fake_catalog(), "STUDY_CLOCK": clock, "STUDY_FSRS_FUZZING": False,
              "WTF_CSRF_ENABLED": False} | overrides
    app = create_app(config)
    engine = get_engine(app)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    return app


def drop_everything(app) -> None:
    """Drop the schema (PostgreSQL is shared between tests) and release connections."""
    Base.metadata.drop_all(get_engine(app))
    dispose_engine(app)
