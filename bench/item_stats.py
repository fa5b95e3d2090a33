"""Item statistics over many stored answers: the instructor's bank page must answer in under a second.

    .venv/bin/python bench/item_stats.py --answers 1000000                          # SQLite
    pg_virtualenv -t -- .venv/bin/python bench/item_stats.py --answers 1000000 --database postgresql

Fills a fresh database with finished sessions of ten questions each, drawn from the bundled banks,
answered by learners of varied ability (so the statistics have something to find), then times:
- `sql`: bank_statistics for the largest bank (SQL aggregates; what the page runs);
- `page`: GET /instructor/stats/<bank> through the app, as an instructor (includes `sql` and the render);
- `python`: the baseline, fetching every answer with its item and computing facility and point-biserial in
  Python (what the page would do without SQL aggregates and the attempts table).
Each is the median of --repeat runs after one warm-up. Prints the figures and the ratio sql / python.

Versions, so the page's per-version path runs: the first tenth of the sessions were answered before
versions were kept (no hash); every third question has an earlier version (its stem edited, stored in
question_version beside the served one, and harder), answered until half of the sessions, the served
version after.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from study.content.versions import content_hash_of, question_content  # noqa: E402
from study.db.engine import Base, make_engine  # noqa: E402
from study.db.item_stats import bank_statistics  # noqa: E402
from study.db.models import (  # noqa: E402
    Answer,
    ItemAttempt,
    Mode,
    QuestionVersion,
    QuizSession,
    Role,
    SessionItem,
    User,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
PER_SESSION = 10
CHUNK = 20_000
BEFORE_VERSIONS, EDITED_UNTIL = 0.1, 0.55  # shares of the sessions: no hash kept; the earlier version served
EDIT_IS_HARDER = 0.15


def database_url(kind: str, folder: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder}/stats.db"
    from tests.database_backends import postgres_url

    url = postgres_url()
    if url is None:
        sys.exit("no PostgreSQL: run inside pg_virtualenv")
    return url


def store_versions(engine, questions: list) -> dict[str, tuple[str, str | None]]:
    """Store the served version of every question, and an earlier one (stem edited) of every third;
    returns gid -> (served hash, earlier hash or None)."""
    rows, hashes = [], {}
    for index, (gid, question) in enumerate(questions):
        bank_id, question_id = gid.split("/", 1)
        served = question_content(question)
        contents = [served] + ([dict(served, stem=served["stem"] + " (before an edit)")] if index % 3 == 0 else [])
        for content in reversed(contents):  # the earlier version was published first
            rows.append({"bank_id": bank_id, "question_id": question_id, "content_hash": content_hash_of(content),
                         "content": content, "created_at": T0})
        hashes[gid] = (content_hash_of(served), content_hash_of(contents[1]) if len(contents) > 1 else None)
    with engine.begin() as db:
        db.execute(insert(QuestionVersion), rows)
    return hashes


def version_answered(hashes: tuple[str, str | None], phase: float) -> str | None:
    """The hash a session at this point of the fill (0 first, 1 last) drew."""
    served, earlier = hashes
    if phase < BEFORE_VERSIONS:
        return None
    return earlier if earlier is not None and phase < EDITED_UNTIL else served


def fill(engine, answers: int, learners: int, seed: int) -> list[str]:
    """Store answers // PER_SESSION finished sessions; returns the question ids used."""
    from study.content.banks import load_banks

    banks = load_banks([ROOT / "questions"]).banks
    questions = [(f"{b.id}/{q.id}", q) for b in banks for q in b.questions]
    hashes = store_versions(engine, questions)
    rng = random.Random(seed)
    ability = [rng.betavariate(4, 2) for _ in range(learners)]
    difficulty = {gid: rng.uniform(-0.3, 0.3) for gid, _ in questions}
    with engine.begin() as db:
        db.execute(insert(User), [{"id": i + 1, "username": f"l{i}", "created_at": T0, "role": Role.LEARNER}
                                  for i in range(learners)])
    session_id = item_id = 0
    while item_id < answers:
        sessions, items, stored, attempts = [], [], [], []
        for _ in range(CHUNK // PER_SESSION):
            session_id += 1
            who = rng.randrange(learners)
            right_count = 0
            for position, (gid, question) in enumerate(rng.sample(questions, PER_SESSION)):
                item_id += 1
                seen = version_answered(hashes[gid], item_id / answers)
                harder = EDIT_IS_HARDER if seen is not None and seen == hashes[gid][1] else 0.0
                right = rng.random() < ability[who] - difficulty[gid] - harder
                right_count += right
                ids = question.choice_ids or ["n"]
                picked = [ids[0] if right else rng.choice(ids)]
                items.append({"id": item_id, "session_id": session_id, "position": position, "question_id": gid,
                              "choice_order": ids, "params": None, "flagged": False, "seconds_spent": 60,
                              "question_hash": seen})
                stored.append({"item_id": item_id, "choices": picked, "unsure": False, "correct": right,
                               "answered_at": T0})
            for item, answer in zip(items[-PER_SESSION:], stored[-PER_SESSION:]):
                attempts.append({"session_id": session_id, "question_id": item["question_id"],
                                  "correct": int(answer["correct"]), "picks": json.dumps(answer["choices"]),
                                  "rest": (right_count - answer["correct"]) / (PER_SESSION - 1),
                                  "question_hash": item["question_hash"]})
            sessions.append({"id": session_id, "user_id": who + 1, "mode": Mode.EXAM, "settings": {},
                             "position": PER_SESSION, "item_count": PER_SESSION, "correct": right_count,
                             "started_at": T0, "finished_at": T0 + timedelta(minutes=20)})
        with engine.begin() as db:
            db.execute(insert(QuizSession), sessions)
            db.execute(insert(SessionItem), items)
            db.execute(insert(Answer), stored)
            db.execute(insert(ItemAttempt), attempts)
    return [gid for gid, _ in questions]


def python_baseline(db: Session, bank_id: str) -> int:
    """Fetch every attempt of finished sessions and compute facility and point-biserial in Python."""
    rows = db.execute(select(SessionItem.session_id, SessionItem.question_id, Answer.correct)
                      .join(Answer, Answer.item_id == SessionItem.id)).all()
    totals, sizes, per_item = {}, {}, {}
    for sid, _qid, right in rows:
        totals[sid] = totals.get(sid, 0) + int(right)
        sizes[sid] = sizes.get(sid, 0) + 1
    for sid, qid, right in rows:
        if qid.startswith(bank_id + "/"):
            rest = (totals[sid] - int(right)) / (sizes[sid] - 1)
            per_item.setdefault(qid, ([], []))[0].append(int(right))
            per_item[qid][1].append(rest)
    for x, r in per_item.values():
        statistics.fmean(x), statistics.correlation(x, r) if len(set(x)) > 1 else None
    return len(per_item)


def timed(run, repeat: int) -> float:
    """Median seconds of repeat runs, after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_client(url: str):
    """A test client of the app on this database, logged in as an instructor."""
    from study.web import create_app
    from study.web.accounts import create_account

    app = create_app({"STUDY_DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    import logging

    logging.getLogger("study.request").setLevel(logging.WARNING)
    from study.web.database import db_session

    with app.app_context():
        create_account(db_session(), "teacher", "a long password", Role.INSTRUCTOR, T0)
        db_session().commit()
    client = app.test_client()
    client.post("/auth/login", data={"username": "teacher", "password": "a long password"})
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=2_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database, folder)
        engine = make_engine(url)
        Base.metadata.drop_all(engine)
        from study.db import migrate

        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        migrate.upgrade(engine)
        start = time.perf_counter()
        gids = fill(engine, args.answers, args.learners, seed=1)
        if args.database == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                # the rows were written with their ids: move the sequence past them for the instructor's account
                connection.execute(text("SELECT setval(pg_get_serial_sequence('\"user\"', 'id'), max(id)) FROM \"user\""))
                connection.execute(text("ANALYZE"))
        filled = time.perf_counter() - start
        bank = max({g.split("/")[0] for g in gids}, key=lambda b: sum(g.startswith(b + "/") for g in gids))
        with Session(engine) as db:
            sql = timed(lambda: bank_statistics(db, bank), args.repeat)
            baseline = timed(lambda: python_baseline(db, bank), args.repeat)
            result = bank_statistics(db, bank)
        split = sum(item.by_version for item in result.items.values())
        print(f"{args.database}: {args.answers} answers in {args.answers // PER_SESSION} sessions (filled in "
              f"{filled:.0f} s); bank {bank!r}: {len(result.items)} questions ({split} shown per version), "
              f"KR-20 {result.kr20:.2f}", flush=True)
        client = page_client(url)
        page = timed(lambda: client.get(f"/instructor/stats/{bank}").close(), args.repeat)
        response = client.get(f"/instructor/stats/{bank}")
        status, blocks = response.status_code, response.get_data(as_text=True).count('class="version-stats"')
        Base.metadata.drop_all(engine)
        engine.dispose()
    print(f"sql {sql * 1000:.0f} ms   page {page * 1000:.0f} ms (status {status}, {blocks} version blocks)   "
          f"python baseline {baseline * 1000:.0f} ms   ratio sql/python {sql / baseline:.2f}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    os.environ.setdefault("STUDY_LOG_LEVEL", "WARNING")
    sys.exit(main())
