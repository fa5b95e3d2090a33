"""The CLI functions the lead wires into `study`: create-instructor migrates and creates the account."""
from __future__ import annotations

import io

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from study.web.commands import main
from study.web.models import Role, User


def test_create_instructor_migrates_and_creates(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("STUDY_DATABASE_URL", url)
    monkeypatch.setenv("STUDY_SECRET_KEY", "cli-test")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["create-instructor", "teacher"]) == 0
    assert main(["create-instructor", "teacher", "--password", "another password"]) == 1
    engine = create_engine(url)
    with Session(engine) as db:
        user = db.scalar(select(User).filter_by(username="teacher"))
        assert user.role == Role.INSTRUCTOR and user.password_hash != "a long password"
    engine.dispose()


def test_serve_migrates_a_fresh_database_and_prints_the_url(tmp_path):
    """The run command on a fresh machine: migrate, load notes and banks, serve, print the URL."""
    import os
    import subprocess
    import sys
    import urllib.request

    env = os.environ | {"STUDY_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "STUDY_SECRET_KEY": "serve"}
    server = subprocess.Popen([sys.executable, "-m", "study.web.commands", "serve", "--port", "0"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline(), server.stdout.readline()]
        url = lines[1].split()[2]
        assert "questions" in lines[0] and url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "notes/") as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert (tmp_path / "fresh.db").exists()
