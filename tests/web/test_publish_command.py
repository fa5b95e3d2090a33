"""`study publish`: the validation report of `study validate`, nothing stored on an error, new/changed/
unchanged on success, a checkout folder, and --retire."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from study import locations
from study.cli import main, publish_sources
from study.db.models import QuestionVersion

BANK_FILE = Path(__file__).parents[2] / "questions" / "launch-types-scheduling.yaml"
FIRST = "launch-types-scheduling/daemon-on-every-instance"
STEM_LINE = "without anyone updating the service. The group runs 3 instances today. How should the service be"
KEY_LINE = "    key: [C]\n"


@pytest.fixture
def bank(tmp_path, monkeypatch):
    """A copy of one bundled bank, and STUDY_DATABASE_URL on a fresh SQLite database at the newest schema."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("STUDY_DATABASE_URL", url)
    monkeypatch.setenv("STUDY_SECRET_KEY", "cli-test")
    assert main(["db", "upgrade"]) == 0
    copy = tmp_path / "banks" / BANK_FILE.name
    copy.parent.mkdir()
    shutil.copy(BANK_FILE, copy)
    return copy


def stored_versions(bank_path: Path) -> int:
    """How many versions the test database holds."""
    url = f"sqlite:///{bank_path.parents[1] / 'cli.db'}"
    with Session(create_engine(url)) as db:
        return db.scalar(select(func.count()).select_from(QuestionVersion))


def edit(path: Path, old: str, new: str) -> None:
    """Change one line of the bank."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_publish_stores_new_then_nothing_then_the_changed_question(bank, capsys):
    capsys.readouterr()
    assert main(["publish", str(bank)]) == 0
    out = capsys.readouterr().out
    assert f"new: {FIRST}" in out and "published: 4 new, 0 changed, 0 earlier version(s) back, 0 unchanged" in out
    assert main(["publish", str(bank)]) == 0
    assert "published: 0 new, 0 changed, 0 earlier version(s) back, 4 unchanged" in capsys.readouterr().out
    edit(bank, STEM_LINE, STEM_LINE.replace("today", "at the moment"))
    assert main(["publish", str(bank)]) == 0
    out = capsys.readouterr().out
    assert f"changed: {FIRST}" in out and "published: 0 new, 1 changed, 0 earlier version(s) back, 3 unchanged" in out
    assert stored_versions(bank) == 5


def test_a_bank_with_an_error_prints_the_validate_report_and_stores_nothing(bank, capsys):
    edit(bank, KEY_LINE, "    key: [B]\n")
    capsys.readouterr()
    assert main(["validate", str(bank)]) == 1
    validated = capsys.readouterr()
    assert main(["publish", str(bank)]) == 1
    published = capsys.readouterr()
    assert "the key says B but the model rejects it" in validated.out
    assert published.out == validated.out
    assert published.err.startswith(validated.err) and "nothing was stored" in published.err
    assert stored_versions(bank) == 0


def test_publish_refuses_a_database_that_is_not_migrated(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STUDY_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("STUDY_SECRET_KEY", "cli-test")
    assert main(["publish", str(BANK_FILE)]) == 2
    assert "run `study db upgrade` first" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "code", "message"), [
    (["publish"], 2, "give a bank file, a folder of banks or a checkout"),
    (["publish", "no/such/bank.yaml"], 2, "no such file or directory: no/such/bank.yaml"),
    (["publish", "--retire", "launch-types-scheduling/nope"], 1,
     "no published version of launch-types-scheduling/nope"),
    (["publish", "--retire", "nope"], 1, "'nope' is not BANK/QUESTION"),
])
def test_publish_says_what_is_wrong(bank, capsys, args, code, message):
    assert main(args) == code
    assert message in capsys.readouterr().err


def test_retire_once_then_already_retired(bank, capsys):
    assert main(["publish", str(bank)]) == 0
    capsys.readouterr()
    assert main(["publish", "--retire", FIRST]) == 0
    assert f"retired: {FIRST}" in capsys.readouterr().out
    assert main(["publish", "--retire", FIRST]) == 0
    assert "already retired; nothing changed" in capsys.readouterr().out


def test_a_checkout_publishes_its_questions_against_its_own_notes(tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "questions").mkdir(parents=True)
    assert publish_sources(checkout, None) == ([checkout / "questions"], locations.content_dir())
    (checkout / "content").mkdir()
    assert publish_sources(checkout, None) == ([checkout / "questions"], checkout / "content")
    assert publish_sources(checkout, "notes") == ([checkout / "questions"], Path("notes"))
    assert publish_sources(BANK_FILE, None) == ([BANK_FILE], locations.content_dir())


def test_a_checkout_folder_is_published(bank, capsys):
    checkout = bank.parents[1] / "checkout"
    (checkout / "questions").mkdir(parents=True)
    (checkout / ".github").mkdir()
    (checkout / ".github" / "ci.yaml").write_text("on: push\n")  # not a bank: outside questions/
    shutil.copy(bank, checkout / "questions" / bank.name)
    assert main(["publish", str(checkout)]) == 0
    assert "published: 4 new" in capsys.readouterr().out
