"""Simulated learners against a real gunicorn server; checks that no acknowledged answer is lost.

    pg_virtualenv -t -- .venv/bin/python bench/learners.py --learners 200 --workers 4 --seconds 60
    .venv/bin/python bench/learners.py --database sqlite --learners 20 --seconds 20
    pg_virtualenv -t -- .venv/bin/python bench/learners.py --kill-after 20     # SIGKILL mid-run, restart

Each learner is a thread with its own keep-alive connection and cookies: it takes a five-question
practice (question, answer, next) and then a ten-question exam (all items, answers, some changed,
submit), again and again until the time is up. Between requests it thinks for an exponentially
distributed time, mean --think seconds. The default of 1 s is harsher than real use: even a cramming
learner spends several seconds reading a question and its choices, so 200 learners at 1 s ask more of
the server than 200 real ones would.

Latency is recorded per kind (question: GET current and GET items; answer: POST answer; other).
Every answer the server acknowledged (200) is remembered, the last per item; at the end the `answer`
and `session_item` tables are read and every acknowledged answer must be stored with that value.
Prints `answers acknowledged N, lost L` and exits 1 when L > 0. Loopback only; bounded in time.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SECRET_KEY = "bench-learners-secret"
STAGGER_SECONDS = 5.0
KINDS = ("question", "answer", "other")
SOFT_STATUSES = {409, 422}  # refusals the flow can meet (exam already running, answer refused)
RETRY_PAUSE = 0.2


def postgres_url() -> str | None:
    """A SQLAlchemy URL built from the PG* variables pg_virtualenv exports, or None."""
    env = os.environ
    if not (env.get("PGHOST") and env.get("PGDATABASE") and env.get("PGUSER")):
        return None
    host = "localhost" if env["PGHOST"].startswith("/") else env["PGHOST"]
    return (f"postgresql+psycopg://{quote(env['PGUSER'], safe='')}:{quote(env.get('PGPASSWORD', ''), safe='')}"
            f"@{host}:{env.get('PGPORT', '5432')}/{env['PGDATABASE']}")


@dataclass
class Ack:
    """An answer the server acknowledged: what was sent for one item."""

    session_id: int
    item_id: int
    choices: tuple[str, ...]
    numeric: float | None


@dataclass
class Stats:
    """Latencies and error counts per kind, shared by every learner thread."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    refused: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    outage_errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    acks: dict[int, Ack] = field(default_factory=dict)
    outage: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count_error(self, kind: str) -> None:
        """An error; one during a deliberate outage is counted apart."""
        with self.lock:
            (self.outage_errors if self.outage.is_set() else self.errors)[kind] += 1


class Stop(Exception):
    """The run's time is up."""


class Learner:
    """One simulated learner: a keep-alive connection, cookies, a CSRF token and think time."""

    def __init__(self, port: int, stats: Stats, think: float, deadline: float, rng: random.Random):
        self.port, self.stats, self.think, self.deadline, self.rng = port, stats, think, deadline, rng
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def pause(self) -> None:
        """Think before the next request; stop when the time is up."""
        delay = self.rng.expovariate(1 / self.think) if self.think > 0 else 0
        if time.monotonic() + delay >= self.deadline:
            raise Stop
        time.sleep(delay)

    def request(self, method: str, path: str, kind: str, payload: dict | None = None) -> tuple[int, dict]:
        """Send one request, retrying after connection errors until it is answered or time is up."""
        while time.monotonic() < self.deadline:
            started = time.monotonic()
            try:
                status, data = self.send(method, path, payload)
            except (OSError, http.client.HTTPException):
                self.stats.count_error(kind)
                self.connection.close()
                time.sleep(RETRY_PAUSE)
                continue
            self.stats.latencies[kind].append(time.monotonic() - started)
            self.judge(kind, status)
            return status, data
        raise Stop

    def judge(self, kind: str, status: int) -> None:
        """Count a refusal (409/422) or an error (any other non-2xx)."""
        if status in SOFT_STATUSES:
            with self.stats.lock:
                self.stats.refused[kind] += 1
        elif not 200 <= status < 300:
            self.stats.count_error(kind)

    def send(self, method: str, path: str, payload: dict | None) -> tuple[int, dict]:
        """One HTTP exchange with cookies and the CSRF header."""
        headers = {"Accept": "application/json", "User-Agent": "study-learners"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if payload is not None:
            body = json.dumps(payload)
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.token}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        return response.status, data if isinstance(data, dict) else {}

    def run(self) -> None:
        """Practice then exam, again and again until the time is up."""
        try:
            status, data = self.request("GET", "/api/csrf", "other")
            self.token = data.get("csrf_token", "")
            while True:
                self.practice()
                self.exam()
        except Stop:
            pass
        finally:
            self.connection.close()

    def practice(self) -> None:
        """A five-question practice: question, answer, next until finished."""
        self.pause()
        status, session = self.request("POST", "/api/sessions", "other", {"mode": "practice", "count": 5})
        if status != 201:
            return
        base = f"/api/sessions/{session['id']}"
        for _ in range(session["total"] + 1):
            self.pause()
            status, data = self.request("GET", f"{base}/current", "question")
            if status != 200 or data.get("finished") or not data.get("item"):
                return
            self.pause()
            self.answer(session["id"], data["item"])
            self.pause()
            self.request("POST", f"{base}/next", "other", {})

    def exam(self) -> None:
        """A ten-question exam: every item answered, some answers changed, then submitted."""
        self.pause()
        status, data = self.request("POST", "/api/sessions", "other", {"mode": "exam", "count": 10, "minutes": 30})
        session_id = data.get("id") if status == 201 else data.get("session_id")
        if session_id is None:
            return
        base = f"/api/sessions/{session_id}"
        self.pause()
        status, data = self.request("GET", f"{base}/items", "question")
        if status != 200:
            return
        for item in data.get("items", []):
            self.pause()
            self.answer(session_id, item)
            if self.rng.random() < 0.2:
                self.pause()
                self.answer(session_id, item)
        self.pause()
        self.request("POST", f"{base}/submit", "other", {})

    def answer(self, session_id: int, item: dict) -> None:
        """Post a valid random answer; remember it when the server acknowledges it."""
        choices, numeric = random_pick(item, self.rng)
        payload = {"item_id": item["item_id"]} | ({"numeric": numeric} if numeric is not None
                                                   else {"choices": list(choices)})
        status, _ = self.request("POST", f"/api/sessions/{session_id}/answer", "answer", payload)
        if status == 200:
            with self.stats.lock:
                self.stats.acks[item["item_id"]] = Ack(session_id, item["item_id"], choices, numeric)


def random_pick(item: dict, rng: random.Random) -> tuple[tuple[str, ...], float | None]:
    """A valid answer: one choice, `choose` choices, or the number 1."""
    if item["kind"] == "numeric":
        return (), 1
    wanted = item["choose"] if item["kind"] == "choose" else 1
    return tuple(rng.sample([c["id"] for c in item["choices"]], wanted)), None


def lost_answers(database_url: str, acks: list[Ack]) -> list[Ack]:
    """The acknowledged answers the database does not hold with the acknowledged value."""
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT a.item_id, s.session_id, a.choices, a.numeric_value "
                "FROM answer a JOIN session_item s ON s.id = a.item_id")).all()
    finally:
        engine.dispose()
    stored = {}
    for item_id, session_id, choices, numeric in rows:
        if isinstance(choices, str):
            choices = json.loads(choices)
        stored[item_id] = (session_id, sorted(choices or []), numeric)
    return [ack for ack in acks if stored.get(ack.item_id) != (
        ack.session_id, sorted(ack.choices), None if ack.numeric is None else float(ack.numeric))]


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted values, in ms."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, round(fraction * len(values)) - 1))] * 1000


def figures(stats: Stats) -> dict:
    """Count, percentiles, max and errors per kind."""
    out = {}
    for kind in KINDS:
        values = sorted(stats.latencies[kind])
        out[kind] = {"count": len(values), "p50_ms": percentile(values, 0.50), "p95_ms": percentile(values, 0.95),
                     "p99_ms": percentile(values, 0.99), "max_ms": (values[-1] * 1000) if values else 0.0,
                     "errors": stats.errors[kind], "refused_409_422": stats.refused[kind],
                     "outage_errors": stats.outage_errors[kind]}
    return out


def print_table(table: dict) -> None:
    """The latency table."""
    print(f"{'kind':<10}{'count':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'errors':>8}{'409/422':>9}{'outage':>8}")
    for kind, row in table.items():
        print(f"{kind:<10}{row['count']:>8}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
              f"{row['max_ms']:>9.1f}{row['errors']:>8}{row['refused_409_422']:>9}"
              f"{row['outage_errors']:>8}")
    print("(latency in ms; errors: non-2xx except 409/422, and connection errors; outage: errors while killed)")


class Server:
    """gunicorn serving the checkout's wsgi:app on a loopback port."""

    def __init__(self, checkout: Path, port: int, workers: int, env: dict, log: Path):
        self.checkout, self.port, self.workers, self.env, self.log = checkout, port, workers, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start gunicorn and wait until /healthz answers."""
        command = [str(self.checkout / ".venv/bin/gunicorn"), "-w", str(self.workers),
                   "-b", f"{HOST}:{self.port}", "wsgi:app"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=self.checkout, env=self.env, stdout=log, stderr=log)
        wait_healthy(self.port, self.process)

    def kill(self) -> None:
        """SIGKILL the master and every worker, as a crash would."""
        pids = [self.process.pid, *children_of(self.process.pid)]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop gunicorn gracefully, then by force."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def children_of(pid: int) -> list[int]:
    """The pids whose parent is pid, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll /healthz until it answers 200 (404: older code without the route); fail on exit or timeout."""
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see its log")
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status in {200, 404}:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def reset_postgres(url: str) -> None:
    """Empty the database so the migration starts fresh."""
    from sqlalchemy import create_engine
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def migrate(checkout: Path, env: dict) -> None:
    """Migrate with `study db upgrade`, or with the app's prepare() in a checkout that has no such command."""
    if "def db_upgrade" in (checkout / "study/web/commands.py").read_text():
        command = [str(checkout / ".venv/bin/study"), "db", "upgrade"]
    else:
        command = [str(checkout / ".venv/bin/python"), "-c", "from study.web import create_app; "
                   "from study.web.commands import prepare; prepare(create_app())"]
    subprocess.run(command, cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests (s)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"],
                        default="postgresql" if postgres_url() else "sqlite")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the code to serve (with its .venv)")
    parser.add_argument("--kill-after", type=float, help="SIGKILL gunicorn after this many seconds, then restart")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if args.database == "postgresql" and not postgres_url():
        parser.error("--database postgresql needs the PG* variables: run inside pg_virtualenv -t --")
    return args


def run_learners(args: argparse.Namespace, server: Server, stats: Stats) -> float:
    """Start the learners staggered, kill and restart the server when asked; return the run's duration."""
    started = time.monotonic()
    deadline = started + args.seconds
    threads = []
    for number in range(args.learners):
        learner = Learner(server.port, stats, args.think, deadline, random.Random(number))
        delay = STAGGER_SECONDS * number / max(1, args.learners)
        thread = threading.Timer(delay, learner.run)
        thread.daemon = True
        thread.start()
        threads.append(thread)
    if args.kill_after is not None and args.kill_after < args.seconds:
        time.sleep(max(0.0, started + args.kill_after - time.monotonic()))
        crash_and_restart(server, stats)
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 35)
    return time.monotonic() - started


def crash_and_restart(server: Server, stats: Stats) -> None:
    """SIGKILL gunicorn and its workers, then start it again; errors meanwhile are counted apart."""
    stats.outage.set()
    killed_at = time.monotonic()
    server.kill()
    server.start()
    stats.outage.clear()
    print(f"killed gunicorn and restarted it: down {time.monotonic() - killed_at:.1f} s")


def main(argv: list[str] | None = None) -> int:
    """Run the learners and print the latency table and the durability check."""
    args = parse_args(argv)
    checkout = args.checkout.resolve()
    with tempfile.TemporaryDirectory(prefix="study-learners-") as scratch:
        url = postgres_url() if args.database == "postgresql" else f"sqlite:///{Path(scratch) / 'study.db'}"
        if args.database == "postgresql":
            reset_postgres(url)
        env = os.environ | {"STUDY_DATABASE_URL": url, "STUDY_SECRET_KEY": SECRET_KEY}
        migrate(checkout, env)
        server = Server(checkout, free_port(), args.workers, env, Path(scratch) / "gunicorn.log")
        stats = Stats()
        server.start()
        try:
            duration = run_learners(args, server, stats)
        finally:
            server.stop()
        return report(args, url, stats, duration)


def report(args: argparse.Namespace, url: str, stats: Stats, duration: float) -> int:
    """Print the table and the durability check; write --json; 1 when an answer was lost."""
    table = figures(stats)
    acks = list(stats.acks.values())
    lost = lost_answers(url, acks)
    print(f"{args.learners} learners, {args.workers} workers, {args.database}, think {args.think} s, "
          f"{duration:.1f} s, checkout {args.checkout}")
    print_table(table)
    print(f"answers acknowledged {len(acks)}, lost {len(lost)}")
    for ack in lost[:10]:
        print(f"  lost: session {ack.session_id} item {ack.item_id} choices {list(ack.choices)} numeric {ack.numeric}")
    if args.json:
        args.json.write_text(json.dumps({"learners": args.learners, "workers": args.workers,
                                         "database": args.database, "think": args.think, "seconds": duration,
                                         "kill_after": args.kill_after, "kinds": table,
                                         "acknowledged": len(acks), "lost": len(lost)}, indent=2))
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
