"""Time (and optionally profile) the benchmark's requests in-process with Flask's test client.

    .venv/bin/python bench/web_profile.py                    # SQLite: ms per request, min of rounds
    pg_virtualenv .venv/bin/python bench/web_profile.py --postgres
    .venv/bin/python bench/web_profile.py --profile "question page"

Same setup as bench/web_load.py (fresh database, a learner, a practice and 64 exams); no server, so
the figures show the application's own cost per request, without HTTP parsing or the network.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import USER_AGENT, postgres_url, prepare  # noqa: E402


def requests_of(state: dict) -> dict:
    """One callable per request kind, each making one request with the benchmark's cookie."""
    from bench_app import app

    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    client.set_cookie("session", state["cookie"])
    headers = {"X-CSRFToken": state["token"], "Content-Type": "application/json"}

    def answer():
        path, body = random.choice(state["answers"])
        return client.post(path, data=body, headers=headers)

    return {"bare route": lambda: client.get("/bench/bare"),
            "question page": lambda: client.get(f"/practice/{state['practice']}"),
            "answer submission": answer}


def timed(call, count: int, rounds: int) -> float:
    """Milliseconds per call, the minimum over rounds of count calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(count):
            response = call()
            assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
        best = min(best, (time.perf_counter() - start) * 1000 / count)
    return best


def main() -> int:
    """Prepare a database, then time or profile each request kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL (inside pg_virtualenv)")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="profile this request kind with cProfile instead")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="study-profile-") as tmp:
        url = postgres_url() if args.postgres else f"sqlite:///{Path(tmp) / 'bench.db'}"
        secret = secrets.token_hex(16)
        state = prepare(url, secret)
        os.environ.update(STUDY_DATABASE_URL=url, STUDY_SECRET_KEY=secret)
        calls = requests_of(state)
        if args.profile:
            call = calls[args.profile]
            timed(call, 50, 1)
            profiler = cProfile.Profile()
            profiler.runcall(timed, call, args.count, 1)
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)
            return 0
        print(json.dumps({name: round(timed(call, args.count, args.rounds), 3) for name, call in calls.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
