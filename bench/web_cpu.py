"""CPU per request of each process while wrk loads one URL: where the machine's time goes.

    pg_virtualenv -t -- .venv/bin/python bench/web_cpu.py            # PostgreSQL when reachable
    .venv/bin/python bench/web_cpu.py                                # else SQLite

Same server setup as bench/web_load.py. For the bare route and the question page in turn, wrk
loads the URL while /proc is read before and after a 10-second window: user and system CPU of
the gunicorn processes, the PostgreSQL backends and wrk, divided by the requests served, and the
whole machine's split (softirq is the loopback network).
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import (free_port, postgres_url, prepare, requests_per_second, start_gunicorn, wrk,  # noqa: E402
                      wrk_command)

TICKS = os.sysconf("SC_CLK_TCK")
MACHINE_FIELDS = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]


def process_kind(pid: str) -> str | None:
    """gunicorn, postgres or wrk for the processes measured; None for the rest."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        command = Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return None
    if "gunicorn" in command:
        return "gunicorn"
    if name.startswith("postgres"):
        return "postgres"
    return "wrk" if name == "wrk" else None


def cpu_ticks(pid: int) -> tuple[int, int] | None:
    """(user, system) clock ticks of a process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]), int(fields[12])


def machine_ticks() -> list[int]:
    """The machine's CPU ticks by kind, from the first line of /proc/stat."""
    return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]


def measure(url: str, cookie: str, seconds: int) -> None:
    """Load url with wrk and print CPU per request by process kind and the machine's split."""
    load = subprocess.Popen(wrk_command(url, cookie, seconds + 2), stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    kinds = {int(pid): kind for pid in os.listdir("/proc") if pid.isdigit() and (kind := process_kind(pid))}
    before = {pid: cpu_ticks(pid) for pid in kinds}
    machine_before, start = machine_ticks(), time.monotonic()
    time.sleep(seconds)
    after = {pid: cpu_ticks(pid) for pid in kinds}
    machine_after, elapsed = machine_ticks(), time.monotonic() - start
    out = load.communicate()[0]
    rate = requests_per_second(out)
    served = rate * elapsed
    per_kind: dict[str, list[int]] = {}
    for pid, kind in kinds.items():
        if before[pid] and after[pid]:
            totals = per_kind.setdefault(kind, [0, 0])
            totals[0] += after[pid][0] - before[pid][0]
            totals[1] += after[pid][1] - before[pid][1]
    spent = [b - a for a, b in zip(machine_before, machine_after)]
    print(f"{url}: {rate:.0f} req/s")
    for kind, (user, system) in sorted(per_kind.items()):
        print(f"  {kind:9s} user {user / TICKS / served * 1e6:5.0f} µs  system {system / TICKS / served * 1e6:5.0f} µs")
    split = ", ".join(f"{name} {spent[i] / sum(spent):.0%}" for i, name in enumerate(MACHINE_FIELDS))
    print(f"  machine: {split}; {sum(spent) / TICKS / served * 1e6:.0f} µs of CPU per request")


def main() -> int:
    """Serve the app as the load benchmark does and measure the bare route and the question page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="study-cpu-") as tmp_name:
        tmp = Path(tmp_name)
        url = postgres_url() or f"sqlite:///{tmp / 'bench.db'}"
        secret = secrets.token_hex(16)
        state = prepare(url, secret)
        port = free_port()
        server = start_gunicorn(url, secret, port, tmp / "gunicorn.log", "sync")
        try:
            print("database:", url.split(":", 1)[0])
            for path in ("/bench/bare", f"/practice/{state['practice']}"):
                target = f"http://127.0.0.1:{port}{path}"
                wrk(target, state["cookie"], 2)  # warm up
                measure(target, state["cookie"], args.seconds)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
