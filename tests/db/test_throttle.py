"""The throttle's arithmetic (free hits, doubling delays, forgetting) and its stored counters on every backend."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from study.db import throttle
from study.db.throttle import Counter, Policy, Refusal, fresh, hit, unhit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = Policy(limit=3, window=timedelta(minutes=15), base_delay=timedelta(minutes=1))


def hits_at(*minutes: float) -> list[Counter | Refusal]:
    """The result of a hit at each of these minutes after T0, each on the counter the last admitted hit left."""
    counter, results = fresh(T0), []
    for minute in minutes:
        result = hit(counter, T0 + timedelta(minutes=minute), POLICY)
        results.append(result)
        counter = result if isinstance(result, Counter) else counter
    return results


@pytest.mark.parametrize(("minutes", "refused_at", "hits", "wait"), [
    pytest.param((0, 0, 0), [], 3, 1, id="the limit-th hit passes and starts a 1-minute wait"),
    pytest.param((0, 0, 0, 0.5), [3], 3, 1, id="a hit during the wait is refused and changes nothing"),
    pytest.param((0, 0, 0, 1, 2), [4], 4, 2, id="after the wait one hit passes, then a 2-minute wait"),
    pytest.param((0, 0, 0, 1, 3, 7, 15), [], 7, 15, id="the wait doubles up to the window"),
    pytest.param((0, 0, 14, 40), [], 1, 0, id="a quiet window forgets the count"),
])
def test_hits_pass_until_the_limit_then_wait_doubling(minutes, refused_at, hits, wait):
    results = hits_at(*minutes)
    assert [i for i, r in enumerate(results) if isinstance(r, Refusal)] == refused_at
    last_admitted = [r for r in results if isinstance(r, Counter)][-1]
    admitted_at = T0 + timedelta(minutes=[m for m, r in zip(minutes, results) if isinstance(r, Counter)][-1])
    assert last_admitted.hits == hits
    assert (last_admitted.blocked_until or admitted_at) - admitted_at == timedelta(minutes=wait)


def test_a_refusal_says_how_long_to_wait():
    refused = hits_at(0, 0, 0, 0.5)[-1]
    assert refused == Refusal(timedelta(seconds=30)) and refused.seconds == 30


@pytest.mark.parametrize(("hits", "blocked"), [(3, False), (4, True), (1, False)])
def test_taking_a_hit_back_unblocks_under_the_limit(hits, blocked):
    counter = Counter(hits=hits, blocked_until=T0 + timedelta(minutes=1), forget_at=T0 + timedelta(minutes=16))
    back = unhit(counter, POLICY)
    assert back.hits == hits - 1 and (back.blocked_until is not None) == blocked


def test_stored_counters_are_per_scope_and_key(engine):
    taken = [throttle.take(engine, "login", "ada", T0, POLICY) for _ in range(4)]
    assert taken[:3] == [None] * 3 and isinstance(taken[3], Refusal)
    assert throttle.take(engine, "login", "bob", T0, POLICY) is None
    assert throttle.take(engine, "report", "ada", T0, POLICY) is None
    throttle.forget(engine, "login", "ada")
    assert throttle.take(engine, "login", "ada", T0, POLICY) is None


def test_giving_back_a_hit_frees_a_try(engine):
    for _ in range(3):
        assert throttle.take(engine, "login", "ada", T0, POLICY) is None
    throttle.give_back(engine, "login", "ada", T0, POLICY)
    assert throttle.take(engine, "login", "ada", T0, POLICY) is None
    assert isinstance(throttle.take(engine, "login", "ada", T0, POLICY), Refusal)


def test_forgotten_counters_are_removed(engine):
    from sqlalchemy import func, select

    from study.db.models import Throttle

    throttle.take(engine, "login", "ada", T0, POLICY)
    throttle.take(engine, "login", "bob", T0 + timedelta(hours=1), POLICY)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Throttle)) == 1
