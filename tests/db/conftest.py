"""Fixtures shared by the database tests."""
from __future__ import annotations

import pytest

from study.db.engine import Base, make_engine
from tests.database_backends import BACKENDS, database_url_for


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """An engine on a fresh schema of each backend (PostgreSQL is emptied after)."""
    engine = make_engine(database_url_for(request.param, tmp_path))
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
    engine.dispose()
