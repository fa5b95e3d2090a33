"""Counters that slow down repeated actions (login guesses, registrations, reports), shared by every
worker through the database.

Each action first takes a hit on its counter; only a request whose hit was admitted goes on. The
hit is written with a conditional update on the row's version (or an insert that the unique key
refuses twice), so requests arriving together each see the count the previous one left: no more
than `limit` of them pass before the counter blocks. Past the limit, every further hit is allowed
only after a delay that doubles each time, up to `max_delay`; a quiet spell of `window` forgets.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from study.db.models import Throttle

CONFLICT_RETRIES = 200  # each lost race means another request's hit landed; the count only moves on


@dataclass(frozen=True)
class Policy:
    """How many hits pass freely, how long a quiet spell forgets them, and the delays after that."""

    limit: int
    window: timedelta
    base_delay: timedelta = timedelta(minutes=1)

    @property
    def max_delay(self) -> timedelta:
        """The longest wait between hits: the window itself (so the count is never forgotten while blocked)."""
        return self.window


@dataclass(frozen=True)
class Counter:
    """A counter's state: hits since the last quiet spell, when the next one may come, when it is forgotten."""

    hits: int
    blocked_until: datetime | None
    forget_at: datetime


@dataclass(frozen=True)
class Refusal:
    """A hit that came too early: how long until the next one may come."""

    retry_after: timedelta

    @property
    def seconds(self) -> int:
        """Whole seconds to wait (at least one), as the Retry-After header gives them."""
        return max(1, math.ceil(self.retry_after.total_seconds()))


def fresh(now: datetime) -> Counter:
    """A counter that has seen nothing."""
    return Counter(hits=0, blocked_until=None, forget_at=now)


def hit(counter: Counter, now: datetime, policy: Policy) -> Counter | Refusal:
    """The counter after one more hit at now, or a refusal while it is blocked."""
    if counter.blocked_until is not None and now < counter.blocked_until:
        return Refusal(counter.blocked_until - now)
    hits = 1 if now >= counter.forget_at else counter.hits + 1
    blocked_until = None
    if hits >= policy.limit:
        blocked_until = now + min(policy.base_delay * 2 ** (hits - policy.limit), policy.max_delay)
    return Counter(hits=hits, blocked_until=blocked_until, forget_at=(blocked_until or now) + policy.window)


def unhit(counter: Counter, policy: Policy) -> Counter:
    """The counter with one hit taken back (a login that proved right); unblocked when under the limit."""
    hits = max(0, counter.hits - 1)
    return replace(counter, hits=hits, blocked_until=counter.blocked_until if hits >= policy.limit else None)


def take(engine: Engine, scope: str, key: str, now: datetime, policy: Policy) -> Refusal | None:
    """Record a hit on (scope, key); a Refusal when it comes too early (nothing is recorded then)."""
    return _change(engine, scope, key, now, lambda counter: hit(counter, now, policy))


def give_back(engine: Engine, scope: str, key: str, now: datetime, policy: Policy) -> None:
    """Take back one hit on (scope, key)."""
    _change(engine, scope, key, now, lambda counter: unhit(counter, policy))


def forget(engine: Engine, scope: str, key: str) -> None:
    """Drop the counter of (scope, key) altogether (a successful login clears its account's failures)."""
    with engine.begin() as connection:
        connection.execute(delete(Throttle).where(Throttle.scope == scope, Throttle.key == key))


def _change(engine: Engine, scope: str, key: str, now: datetime, step) -> Refusal | None:
    """Apply step to the stored counter until no other request changed it in between."""
    for _ in range(CONFLICT_RETRIES):
        with engine.connect() as connection:
            row = connection.execute(select(Throttle.__table__).where(
                Throttle.scope == scope, Throttle.key == key)).first()
        counter = fresh(now) if row is None else Counter(row.hits, row.blocked_until, row.forget_at)
        changed = step(counter)
        if isinstance(changed, Refusal):
            return changed
        if _store(engine, scope, key, row, changed, now):
            return None
    return Refusal(timedelta(seconds=1))  # so busy that no write landed: refuse rather than let it through


def _store(engine: Engine, scope: str, key: str, row, counter: Counter, now: datetime) -> bool:
    """Write counter over the row read (only if nobody changed it since); False when somebody did."""
    values = {"hits": counter.hits, "blocked_until": counter.blocked_until, "forget_at": counter.forget_at}
    try:
        with engine.begin() as connection:
            if row is None:
                connection.execute(delete(Throttle).where(Throttle.forget_at < now))  # keeps the table small
                connection.execute(Throttle.__table__.insert().values(scope=scope, key=key, version=0, **values))
                return True
            result = connection.execute(update(Throttle).where(
                Throttle.id == row.id, Throttle.version == row.version).values(version=row.version + 1, **values))
            return result.rowcount == 1
    except IntegrityError:  # another request inserted the same counter first
        return False
