"""Load the web app with wrk behind gunicorn (2 workers) on SQLite and, when reachable, PostgreSQL.

    .venv/bin/python bench/web_load.py                          # SQLite only
    pg_virtualenv -t -- .venv/bin/python bench/web_load.py      # SQLite and PostgreSQL (over TCP)
    .venv/bin/python bench/web_load.py --floor                  # also the page's query alone, no template

Measures, in one run per database: a bare Flask route (baseline), the practice question page and an
exam answer submission (a durable write). Prints requests/s, p50/p99 latency and the
ratio to the bare route, and the goals from issue 4.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAMS = 64
USER_AGENT = "study-bench"
GOALS = {"question page": 0.5, "answer submission": 0.3}
P99_GOAL_MS = 50.0


def postgres_url() -> str | None:
    """STUDY_BENCH_DATABASE_URL, else one built from the PG* variables pg_virtualenv exports."""
    env = os.environ
    if env.get("STUDY_BENCH_DATABASE_URL"):
        return env["STUDY_BENCH_DATABASE_URL"]
    if env.get("PGHOST") and env.get("PGDATABASE") and env.get("PGUSER"):
        host = "localhost" if env["PGHOST"].startswith("/") else env["PGHOST"]
        return (f"postgresql+psycopg://{quote(env['PGUSER'], safe='')}:{quote(env.get('PGPASSWORD', ''), safe='')}"
                f"@{host}:{env.get('PGPORT', '5432')}/{env['PGDATABASE']}")
    return None


def prepare(url: str, secret: str) -> dict:
    """Migrate, register a learner, start a practice and an exam; return cookie, token and ids."""
    from study.db.engine import Base
    from study.web import create_app, migrate
    from study.web.database import dispose_engine, get_engine

    app = create_app({"STUDY_DATABASE_URL": url, "SECRET_KEY": secret})
    engine = get_engine(app)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migrate.upgrade(engine)
    # The same User-Agent as wrk sends: Flask-Login's session protection ties the session to it, and a
    # mismatch would make every measured response rewrite the session cookie.
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = client.get("/api/csrf").get_json()["csrf_token"]
    client.post("/auth/register", data={"username": "bench", "password": "bench password", "csrf_token": token})
    token = client.get("/api/csrf").get_json()["csrf_token"]
    headers = {"X-CSRFToken": token}
    practice = client.post("/api/sessions", json={"mode": "practice", "count": 10}, headers=headers).get_json()
    answers = []
    for _ in range(EXAMS):  # distinct rows, as distinct learners would write
        exam = client.post("/api/sessions", json={"mode": "exam", "count": 65, "minutes": 300}, headers=headers)
        exam_id = exam.get_json()["id"]
        item = client.get(f"/api/sessions/{exam_id}/current").get_json()["item"]
        answers.append((f"/api/sessions/{exam_id}/answer", answer_body(item)))
    client.get("/")  # consume the welcome flash, or every measured page would rewrite the cookie
    dispose_engine(app)
    return {"cookie": client.get_cookie("session").value, "token": token, "practice": practice["id"],
            "answers": answers}


def answer_body(item: dict) -> str:
    """A valid JSON answer to the item."""
    if item["kind"] == "numeric":
        return json.dumps({"item_id": item["item_id"], "numeric": 1})
    wanted = item["choose"] if item["kind"] == "choose" else 1
    return json.dumps({"item_id": item["item_id"], "choices": [c["id"] for c in item["choices"][:wanted]]})


def answer_script(path: Path, state: dict) -> Path:
    """A wrk Lua script posting answers to random exams, with the CSRF header (cookie via -H)."""
    targets = ",\n".join(f"  {{{json.dumps(p)}, {json.dumps(b)}}}" for p, b in state["answers"])
    path.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["X-CSRFToken"] = "{state["token"]}"\n'
        f"local targets = {{\n{targets}\n}}\n"
        "request = function()\n"
        "  local t = targets[math.random(#targets)]\n"
        "  return wrk.format(nil, t[1], nil, t[2])\n"
        "end\n")
    return path


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, secret: str, port: int, log: Path, worker_class: str) -> subprocess.Popen:
    """gunicorn with 2 workers of the given class; waits until both have booted."""
    env = os.environ | {"STUDY_DATABASE_URL": url, "STUDY_SECRET_KEY": secret, "PYTHONPATH": str(ROOT)}
    threads = ["--threads", "4"] if worker_class == "gthread" else []
    command = [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "-w", "2", "-k", worker_class,
               *threads, "-b", f"127.0.0.1:{port}", "--log-level", "info", "bench_app:app"]
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if log.read_text().count("Booting worker") >= 2:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=2).read()
                return process
            except OSError:
                pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def wrk_command(url: str, cookie: str, seconds: int, script: Path | None = None) -> list[str]:
    """wrk -t2 -c32 for the benchmark's learner, as every measurement runs it."""
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-H", f"Cookie: session={cookie}",
               "-H", f"User-Agent: {USER_AGENT}"]
    return command + (["-s", str(script)] if script else []) + [url]


def requests_per_second(out: str) -> float:
    """Requests/s from wrk's output."""
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def wrk(url: str, cookie: str, seconds: int, script: Path | None = None) -> dict:
    """Run wrk and parse requests/s and p50/p99 latency (ms)."""
    out = subprocess.run(wrk_command(url, cookie, seconds, script), capture_output=True, text=True, check=True).stdout
    rps = requests_per_second(out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": latency(out, "50%"), "p99": latency(out, "99%"),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def latency(out: str, percentile: str) -> float:
    """A latency percentile from wrk --latency output, in milliseconds."""
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(name: str, url: str, seconds: int, tmp: Path, worker_class: str, rounds: int,
            floor: bool = False) -> list[tuple]:
    """Bare route, question page and answer submission on one database, interleaved in rounds."""
    secret = secrets.token_hex(16)
    state = prepare(url, secret)
    port = free_port()
    server = start_gunicorn(url, secret, port, tmp / f"gunicorn-{name}.log", worker_class)
    base = f"http://127.0.0.1:{port}"
    targets = [("bare route", f"{base}/bench/bare", None),
               ("question page", f"{base}/practice/{state['practice']}", None),
               ("answer submission", f"{base}{state['answers'][0][0]}",
                answer_script(tmp / "answer.lua", state))]
    if floor:  # how much of the page is its one query: the same read, no template
        targets.insert(2, ("page query only", f"{base}/bench/page-query/{state['practice']}", None))
    rows = []
    try:
        for _label, target, script in targets:
            wrk(target, state["cookie"], 2, script)  # warm up every worker and connection
        # Interleaved rounds, so a burst of load from elsewhere on the machine hits every kind alike.
        runs = [{label: wrk(target, state["cookie"], seconds, script) for label, target, script in targets}
                for _ in range(rounds)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
    for label, _target, _script in targets:
        ratios = [run[label]["rps"] / run["bare route"]["rps"] for run in runs]
        rows.append((name, label, median_result([run[label] for run in runs]), statistics.median(ratios)))
    return rows


def median_result(results: list[dict]) -> dict:
    """The median of each figure over the rounds; errors are summed."""
    return {key: (sum if key == "errors" else statistics.median)(r[key] for r in results) for key in results[0]}


def report(rows: list[tuple]) -> None:
    """Print a Markdown table with the goals checked."""
    print("| database | request | req/s | p50 ms | p99 ms | vs bare | throughput goal | p99 < 50 ms | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---|---|---:|")
    for database, label, r, ratio in rows:
        goal = GOALS.get(label)
        throughput = "" if goal is None else f">= {goal:.0%}: {'met' if ratio >= goal else 'MISSED'}"
        latency_goal = "met" if r["p99"] < P99_GOAL_MS else "MISSED"
        print(f"| {database} | {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {ratio:.0%} | "
              f"{throughput} | {latency_goal} | {r['errors']} |")


def main() -> int:
    """Run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per request kind")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn worker class")
    parser.add_argument("--floor", action="store_true",
                        help="also measure a route that runs only the question page's query")
    parser.add_argument("--database", default="both", choices=["both", "sqlite", "postgresql"],
                        help="which databases to measure (PostgreSQL needs pg_virtualenv or STUDY_BENCH_DATABASE_URL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="study-bench-") as tmp_name:
        tmp = Path(tmp_name)
        rows = []
        if args.database != "postgresql":
            rows += measure("SQLite", f"sqlite:///{tmp / 'bench.db'}", args.seconds, tmp, args.worker_class,
                            args.rounds, args.floor)
        pg = postgres_url() if args.database != "sqlite" else None
        if pg:
            rows += measure("PostgreSQL", pg, args.seconds, tmp, args.worker_class, args.rounds, args.floor)
        elif args.database != "sqlite":
            print("PostgreSQL skipped: run inside pg_virtualenv or set STUDY_BENCH_DATABASE_URL", file=sys.stderr)
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
