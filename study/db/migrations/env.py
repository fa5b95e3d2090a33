"""Alembic environment: runs against the connection handed over by study.db.migrate."""
from __future__ import annotations

from alembic import context

from study.db import models  # noqa: F401  (registers the tables on Base.metadata)
from study.db.engine import Base

config = context.config


def run_migrations_online() -> None:
    """Migrate using the connection in config.attributes, in batch mode for SQLite."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
