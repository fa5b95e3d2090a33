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
