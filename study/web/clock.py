"""The one place the web layer reads the time; tests pin it through config."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app


def system_now() -> datetime:
    """Return the real current time, timezone-aware UTC."""
    return datetime.now(UTC)


def now() -> datetime:
    """Return "now" from the app's configured clock (STUDY_CLOCK)."""
    return current_app.config["STUDY_CLOCK"]()
