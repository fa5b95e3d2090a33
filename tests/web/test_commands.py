"""The web commands of `study`: create-instructor, db upgrade/downgrade/current, serve."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.request

import pytest
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from study.cli import main
from study.db.models import Role, User


@pytest.fixture
def sqlite_env(tmp_path, monkeypatch):
    """STUDY_DATABASE_URL on a fresh SQLite file; returns the URL."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("STUDY_DATABASE_URL", url)
    monkeypatch.setenv("STUDY_SECRET_KEY", "cli-test")
    return url


def test_create_instructor_migrates_and_creates(sqlite_env, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["create-instructor", "teacher"]) == 0
    assert main(["create-instructor", "teacher", "--password", "another password"]) == 1
    engine = create_engine(sqlite_env)
    with Session(engine) as db:
        user = db.scalar(select(User).filter_by(username="teacher"))
        assert user.role == Role.INSTRUCTOR and user.password_hash != "a long password"
    engine.dispose()


def test_db_upgrade_current_and_downgrade(sqlite_env, capsys):
    assert main(["db", "current"]) == 1  # empty: not at the newest revision
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert main(["db", "downgrade", "base"]) == 0
    engine = create_engine(sqlite_env)
    assert "quiz_session" not in inspect(engine).get_table_names()
    engine.dispose()
    assert "empty" in capsys.readouterr().out


def test_validate_does_not_load_the_web_stack():
    """`study validate` and friends start without importing Flask or SQLAlchemy."""
    code = "import sys, study.cli; study.cli.build_parser(); print(sorted({'flask', 'sqlalchemy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serve_migrates_a_fresh_database_and_prints_the_url(tmp_path):
    """The run command on a fresh machine: migrate, load notes and banks, serve, print the URL."""
    env = os.environ | {"STUDY_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "STUDY_SECRET_KEY": "serve"}
    server = subprocess.Popen([sys.executable, "-m", "study.cli", "serve", "--port", "0"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline(), server.stdout.readline()]
        url = lines[1].split()[2]
        assert "questions" in lines[0] and url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "notes/") as response:
            assert response.status == 200
        with urllib.request.urlopen(url + "readyz") as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert (tmp_path / "fresh.db").exists()


def test_stats_prints_every_bundled_question_and_refuses_unknown_banks(sqlite_env, capsys):
    """The bundled banks on a fresh database: one CSV row per question, nothing attempted yet."""
    import csv

    assert main(["stats"]) == 2 and "study db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["stats", "--bank", "iam", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["bank"] for r in rows} == {"iam"} and {r["attempts"] for r in rows} == {"0"}
    assert {r["versions"] for r in rows} == {""}  # attempts per version answered, none yet
    assert main(["stats", "--bank", "nope"]) == 2
    error = capsys.readouterr().err
    assert "no bank nope" in error and "iam" in error
    assert main(["stats", "--bank", "iam"]) == 0 and "bank iam: 0 sessions" in capsys.readouterr().out


@pytest.mark.parametrize(("classes", "chosen", "exit_code", "says"), [
    (["Containers"], "Containers", 0, "bank iam: 0 sessions"),
    (["Containers"], "1", 0, "bank iam: 0 sessions"),
    (["Containers", "Containers"], "Containers", 2, "several classes are named 'Containers'; give its number"),
    (["Containers"], "Kubernetes", 2, "no class is 'Kubernetes'; give its number. The classes are: 1 (Containers)"),
    ([], "Containers", 2, "The classes are: none yet"),
])
def test_stats_for_a_class_takes_its_name_or_number(sqlite_env, capsys, classes, chosen, exit_code, says):
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from study.db.models import Classroom, Role, User

    assert main(["db", "upgrade"]) == 0
    engine = create_engine(sqlite_env)
    with Session(engine) as db:
        teacher = User(username="teacher", role=Role.INSTRUCTOR, created_at=datetime.now(UTC))
        db.add(teacher)
        db.flush()
        db.add_all([Classroom(instructor_id=teacher.id, name=name, join_code=f"CODE{n}", created_at=datetime.now(UTC))
                    for n, name in enumerate(classes)])
        db.commit()
    engine.dispose()
    capsys.readouterr()
    assert main(["stats", "--bank", "iam", "--class", chosen]) == exit_code
    printed = capsys.readouterr()
    assert says in (printed.out if exit_code == 0 else printed.err)


def test_stats_csv_has_one_row_per_version_answered_newest_first(sqlite_env, capsys):
    """iam's first question answered as an earlier version (3 times, 2 right), then as the served one
    (twice, both right); its second question as the served version only: one row for it, as before."""
    import csv
    from datetime import UTC, datetime

    from study.content.banks import load_banks
    from study.content.versions import content_hash
    from study.db.models import ItemAttempt, QuizSession
    from study.locations import questions_dir

    bank = next(b for b in load_banks([questions_dir()]).banks if b.id == "iam")
    first, second = (f"iam/{q.id}" for q in bank.questions[:2])
    served = content_hash(bank.questions[0])
    assert main(["db", "upgrade"]) == 0
    engine = create_engine(sqlite_env)
    at = datetime(2026, 12, 1, tzinfo=UTC)
    with Session(engine) as db:
        ada = User(username="ada", role=Role.LEARNER, created_at=at)
        for x, version in [(1, "a" * 64), (1, "a" * 64), (0, "a" * 64), (1, served), (1, served)]:
            quiz = QuizSession(user=ada, mode="exam", settings={}, position=2, item_count=2, started_at=at,
                               finished_at=at, correct=x + 1)
            quiz.attempts = [ItemAttempt(question_id=first, correct=x, rest=1.0, picks="[]", question_hash=version),
                             ItemAttempt(question_id=second, correct=1, rest=float(x), picks="[]",
                                         question_hash=content_hash(bank.questions[1]))]
            db.add(quiz)
        db.commit()
    engine.dispose()
    capsys.readouterr()
    assert main(["stats", "--bank", "iam", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    mine = [(r["version"], r["attempts"], r["right"], r["facility"]) for r in rows if f"iam/{r['question']}" == first]
    assert mine == [(served[:12], "2", "2", "1.000"), ("a" * 12, "3", "2", "0.667")]
    assert {r["versions"] for r in rows if f"iam/{r['question']}" == first} == {f"{served[:12]}=2/2;{'a' * 12}=2/3"}
    assert [r["version"] for r in rows if f"iam/{r['question']}" == second] == [content_hash(bank.questions[1])[:12]]
    assert len(rows) == len(bank.questions) + 1
    assert main(["stats", "--bank", "iam"]) == 0
    lines = [line.split()[1:4] for line in capsys.readouterr().out.splitlines() if first.split("/")[1] in line]
    assert lines == [[served[:12], "2", "1.000"], ["a" * 12, "3", "0.667"]]
