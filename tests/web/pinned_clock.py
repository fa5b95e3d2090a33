"""The clock the test app reads: pinned to a fixed moment, moved forward only by the test."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

PINNED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A clock pinned to a moment that tests move forward explicitly."""

    def __init__(self, at: datetime = PINNED):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kwargs) -> None:
        self.at += timedelta(**kwargs)
