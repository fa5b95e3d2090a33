"""Wrong passwords sent all at once to a live server: no more of them are checked than the limit allows."""
from __future__ import annotations

import pytest

from tests.web.app_builder import build_app, drop_everything
from tests.web.test_races import Learner, together

ROUNDS = 3
PARALLEL = 16


@pytest.fixture
def small_limits_app(database_url, clock):
    """An app whose address limit is as small as the account limit, so both can be raced."""
    app = build_app(database_url, clock, STUDY_LOGIN_LIMIT=4, STUDY_LOGIN_ADDRESS_LIMIT=4)
    yield app
    drop_everything(app)


@pytest.fixture
def base_url(small_limits_app):
    """The app served from a thread."""
    from tests.browser.conftest import serve

    yield from serve(small_limits_app)


def guesses(base_url: str, usernames: list[str]) -> list[int]:
    """Statuses of one wrong-password login per name, all released together, each from its own client."""
    clients = [Learner(base_url) for _ in usernames]
    calls = [lambda c=c, n=n: c.call("/auth/login", form={"username": n, "password": "wrong password"})[0]
             for c, n in zip(clients, usernames)]
    return together(*calls)


@pytest.mark.parametrize("names", [
    pytest.param(lambda i: "ada", id="one account"),
    pytest.param(lambda i: f"name{i}", id="many names from one address"),
])
def test_parallel_wrong_passwords_stop_at_the_limit(base_url, clock, names):
    Learner(base_url).call("/auth/register", form={"username": "ada", "password": "correct horse"})
    for _ in range(ROUNDS):
        statuses = guesses(base_url, [names(i) for i in range(PARALLEL)])
        assert sorted(statuses) == [401] * 4 + [429] * (PARALLEL - 4)
        clock.advance(minutes=31)  # past the wait and the quiet window: the count starts again
