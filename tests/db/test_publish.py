"""Publishing question versions: idempotent, new/changed/unchanged, one version under two publishes at
once, retiring keeps history; on every backend."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from study.content.banks import load_banks
from study.content.versions import content_hash
from study.db.models import QuestionVersion, ServedVersion
from study.db.publish import NotPublished, publish, retire, retired_questions
from study.db.served import serving

BANK_FILE = Path(__file__).parents[2] / "questions" / "launch-types-scheduling.yaml"
AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
BANK = load_banks([BANK_FILE]).banks[0]
GIDS = [f"{BANK.id}/{q.id}" for q in BANK.questions]
EDITED_GID = GIDS[0]


def edited_bank(stem: str = "A reworded stem."):
    """The bank with its first question's stem changed."""
    first = replace(BANK.questions[0], stem=stem)
    return replace(BANK, questions=(first, *BANK.questions[1:]))


def published(engine, banks, at=AT):
    """Publish in one committed transaction."""
    with Session(engine) as db, db.begin():
        return publish(db, banks, at)


def versions(engine) -> list[tuple[str, str, str]]:
    """Every stored (bank, question, hash), sorted."""
    with Session(engine) as db:
        return sorted(tuple(row) for row in db.execute(
            select(QuestionVersion.bank_id, QuestionVersion.question_id, QuestionVersion.content_hash)))


def test_first_publish_stores_every_question_and_the_second_nothing(engine):
    first = published(engine, [BANK])
    assert (first.new, first.changed, first.unchanged) == (GIDS, [], [])
    second = published(engine, [BANK], AT + timedelta(days=1))
    assert (second.new, second.changed, second.unchanged, second.served) == ([], [], GIDS, 0)
    assert versions(engine) == sorted((BANK.id, q.id, content_hash(q)) for q in BANK.questions)


def test_an_edited_question_is_a_new_version_and_the_old_one_stays(engine):
    published(engine, [BANK])
    result = published(engine, [edited_bank()])
    assert (result.new, result.changed, result.unchanged) == ([], [EDITED_GID], GIDS[1:])
    with Session(engine) as db:
        stems = db.scalars(select(QuestionVersion.content).where(QuestionVersion.question_id == BANK.questions[0].id)
                           .order_by(QuestionVersion.id)).all()
    assert [s["stem"] for s in stems] == [BANK.questions[0].stem, "A reworded stem."]


def test_the_stored_content_is_the_question_as_loaded_and_hashes_to_its_hash(engine):
    published(engine, [BANK])
    with Session(engine) as db:
        row = db.scalar(select(QuestionVersion).where(QuestionVersion.question_id == BANK.questions[0].id))
    assert row.content["id"] == BANK.questions[0].id
    assert row.content["scenario"]["situation"]["cluster"]["name"] == "prod"
    assert row.content_hash == content_hash(BANK.questions[0]) and len(row.content_hash) == 64


def test_two_publishes_at_once_store_each_version_once(engine):
    """The first publish holds its transaction open; the second must wait for it, then store nothing."""
    outcome = {}

    def second_publish():
        outcome["result"] = published(engine, [BANK])

    with Session(engine) as first_db:
        first = publish(first_db, [BANK], AT)
        racer = threading.Thread(target=second_publish)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()  # waiting on the first transaction's rows, not failing nor duplicating
        first_db.commit()
    racer.join(timeout=10)
    assert first.new == GIDS
    assert outcome["result"].served == 0 and outcome["result"].unchanged == GIDS
    assert len(versions(engine)) == len(GIDS)
    assert served_rows(engine) == sorted((BANK.id, q.id, content_hash(q)) for q in BANK.questions)


def test_two_publishes_of_different_edits_at_once_serve_the_later_one(engine):
    """Nothing the two share makes the second wait on a stored version: it waits on the bank's header before it
    reads what is served, so it reports its questions as changed from the first's, not as new."""
    outcome = {}
    second = replace(BANK, questions=tuple(replace(q, stem=f"Second publish: {q.stem}") for q in BANK.questions))

    def second_publish():
        outcome["result"] = published(engine, [second])

    with Session(engine) as first_db:
        publish(first_db, [BANK], AT)
        racer = threading.Thread(target=second_publish)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()  # waiting for the first publish before it reads what is served
        first_db.commit()
    racer.join(timeout=10)
    assert (outcome["result"].changed, outcome["result"].new) == (GIDS, [])
    with Session(engine) as db:
        assert serving(db, {BANK.id}) == {f"{BANK.id}/{q.id}": content_hash(q) for q in second.questions}


def served_rows(engine) -> list[tuple[str, str, str]]:
    """Every served_version row as (bank, question, hash), sorted."""
    with Session(engine) as db:
        return sorted(tuple(row) for row in db.execute(
            select(ServedVersion.bank_id, ServedVersion.question_id, ServedVersion.content_hash)))


def test_retiring_hides_a_question_until_an_edited_version_is_published(engine):
    published(engine, [BANK])
    with Session(engine) as db, db.begin():
        assert retire(db, EDITED_GID, AT) == 1
        assert retire(db, EDITED_GID, AT) == 0  # already retired: nothing changes
    with Session(engine) as db:
        assert retired_questions(db) == {EDITED_GID}
    published(engine, [BANK])  # the same content again: still retired, no new row
    with Session(engine) as db:
        assert retired_questions(db) == {EDITED_GID}
    published(engine, [edited_bank()])
    with Session(engine) as db:
        assert retired_questions(db) == set()
        count = db.scalar(select(func.count()).select_from(QuestionVersion)
                          .where(QuestionVersion.retired_at.is_not(None)))
    assert count == 1  # the retired version keeps its history


@pytest.mark.parametrize(("gid", "message"), [
    ("launch-types-scheduling/no-such-question", "no published version of launch-types-scheduling/no-such-question"),
    ("no-slash", "'no-slash' is not BANK/QUESTION"),
    ("bank/", "'bank/' is not BANK/QUESTION"),
])
def test_retiring_what_was_never_published_says_so(engine, gid, message):
    published(engine, [BANK])
    with Session(engine) as db, pytest.raises(NotPublished, match=message):
        retire(db, gid, AT)
