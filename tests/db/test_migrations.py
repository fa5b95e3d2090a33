"""The packaged migrations: an empty database reaches exactly the models' schema, and a database
filled by the first release keeps its data through an upgrade to head and back down, on every backend."""
from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    inspect,
    select,
    text,
)

from study.db import migrate
from study.db.engine import Base, UTCDateTime, make_engine
from study.ecs.rules import RULES_BY_ID
from tests.database_backends import BACKENDS, database_url_for

RENAMED_RULE_IDS = importlib.import_module("study.db.migrations.versions.0009_renumbered_rule_ids").RENAMED_RULE_IDS

FIRST_RELEASE = "0001"
AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
# Rows as the first release wrote them: a learner with a finished exam, a visitor mid-practice,
# review cards for a question and for a model rule, a problem report.
FIRST_RELEASE_ROWS = {
    "user": [
        {"id": 1, "username": "ada", "password_hash": "scrypt:x", "role": "learner", "created_at": AT,
         "desired_retention": 0.9, "exam_date": date(2027, 1, 15)},
        {"id": 2, "username": None, "password_hash": None, "role": "visitor", "created_at": AT,
         "desired_retention": 0.9, "exam_date": None},
    ],
    "quiz_session": [
        {"id": 10, "user_id": 1, "mode": "exam", "settings": {"count": 2, "minutes": 30}, "position": 2,
         "item_count": 2, "started_at": AT, "deadline": AT, "finished_at": AT, "correct": 1, "scaled_score": 550},
        {"id": 11, "user_id": 2, "mode": "practice", "settings": {"topics": ["iam"]}, "position": 0,
         "item_count": 1, "started_at": AT, "deadline": None, "finished_at": None, "correct": None,
         "scaled_score": None},
    ],
    "session_item": [
        {"id": 100, "session_id": 10, "position": 0, "question_id": "iam/task-role-s3", "choice_order": ["B", "A"],
         "params": None, "flagged": True},
        {"id": 101, "session_id": 10, "position": 1, "question_id": "auto-scaling/settle", "choice_order": [],
         "params": {"load": 120}, "flagged": False},
        {"id": 102, "session_id": 11, "position": 0, "question_id": "iam/task-role-s3", "choice_order": ["A", "B"],
         "params": None, "flagged": False},
    ],
    "answer": [
        {"id": 1000, "item_id": 100, "choices": ["B"], "numeric_value": None, "unsure": False, "correct": True,
         "answered_at": AT},
        {"id": 1001, "item_id": 101, "choices": [], "numeric_value": 7.0, "unsure": True, "correct": False,
         "answered_at": AT},
    ],
    "review_card": [
        {"id": 5, "user_id": 1, "kind": "question", "key": "auto-scaling/settle", "card": {"state": 1}, "due": AT,
         "lapses": 1},
        {"id": 6, "user_id": 1, "kind": "rule", "key": "IAM03", "card": {"state": 1}, "due": AT, "lapses": 2},
        # ids renumbered by 0009; LB15 becomes LB08 while LB08 becomes LB10, for the same learner
        {"id": 8, "user_id": 1, "kind": "rule", "key": "LB15", "card": {"state": 2}, "due": AT, "lapses": 0},
        {"id": 9, "user_id": 1, "kind": "rule", "key": "LB08", "card": {"state": 1}, "due": AT, "lapses": 3},
        {"id": 12, "user_id": 1, "kind": "rule", "key": "LT12", "card": {"state": 1}, "due": AT, "lapses": 1},
        {"id": 13, "user_id": 2, "kind": "question", "key": "LB15", "card": {"state": 1}, "due": AT, "lapses": 0},
    ],
    "problem_report": [
        {"id": 7, "user_id": 2, "question_id": "iam/task-role-s3", "message": "Choice B's text is unclear.",
         "created_at": AT},
    ],
}
COLUMN_TYPES = {dict: JSON, list: JSON, bool: Boolean, int: Integer, float: Float, str: String, datetime: UTCDateTime,
                date: Date}


def first_release_table(name: str, rows: list[dict]) -> Table:
    """A Core table over the columns the first release's rows have (independent of today's models)."""
    kinds = {}
    for row in rows:
        for column, value in row.items():
            if value is not None:
                kinds.setdefault(column, COLUMN_TYPES[type(value)])
    return Table(name, MetaData(), *[Column(c, kinds.get(c, String)()) for c in rows[0]])


def stored(engine, name: str, rows: list[dict]) -> list[dict]:
    """The rows of a first-release table as the database holds them now, by id."""
    table = first_release_table(name, rows)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(table).order_by(table.c.id))]


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    """An engine on an empty database (PostgreSQL is emptied first and after)."""
    engine = make_engine(database_url_for(request.param, tmp_path))

    def empty():
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            connection.execute(text("DROP TABLE IF EXISTS login_attempt"))  # dropped by 0008, left by downgrades

    empty()
    yield engine
    empty()
    engine.dispose()


def test_upgrade_to_head_matches_models(empty_engine):
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine)
    assert "quiz_session" in inspect(empty_engine).get_table_names()
    assert migrate.current_revision(empty_engine) == migrate.head_revision()


def test_first_release_data_survives_upgrade_and_downgrade(empty_engine):
    migrate.upgrade(empty_engine, FIRST_RELEASE)
    with empty_engine.begin() as connection:
        for name, rows in FIRST_RELEASE_ROWS.items():
            connection.execute(first_release_table(name, rows).insert(), rows)
    migrate.upgrade(empty_engine)
    for name, rows in FIRST_RELEASE_ROWS.items():
        assert stored(empty_engine, name, rows) == expected_at_head(name, rows), name
    with empty_engine.connect() as connection:  # 0002: accounts start at session version 0
        assert connection.execute(text('SELECT session_version FROM "user" ORDER BY id')).scalars().all() == [0, 0]
        attempts = connection.execute(text(  # 0007: the finished exam's attempts, for item statistics
            "SELECT session_id, question_id, correct, rest, picks FROM item_attempt ORDER BY question_id")).all()
        assert [tuple(row) for row in attempts] == [(10, "auto-scaling/settle", 0, 1.0, "[]"),
                                                    (10, "iam/task-role-s3", 1, 0.0, '["B"]')]
    migrate.downgrade(empty_engine, FIRST_RELEASE)
    for name, rows in FIRST_RELEASE_ROWS.items():
        assert stored(empty_engine, name, rows) == rows, name


def expected_at_head(name: str, rows: list[dict]) -> list[dict]:
    """The first release's rows as they read after every migration since (data migrations included)."""
    if name != "review_card":
        return rows
    return [{**row, "key": RENAMED_RULE_IDS.get(row["key"], row["key"])} if row["kind"] == "rule" else row
            for row in rows]


def test_renumbered_rule_ids_name_existing_rules():
    """Every new id of 0009 is a rule today; no old id that was renamed away is reused for another rule by mistake."""
    assert set(RENAMED_RULE_IDS.values()) <= set(RULES_BY_ID)
    assert len(set(RENAMED_RULE_IDS.values())) == len(RENAMED_RULE_IDS)


def test_a_card_left_under_a_dropped_rule_id_gives_way(empty_engine):
    """A card keyed LT09 (a rule dropped before 0009) would collide with the renamed LT08; it names no rule and goes."""
    migrate.upgrade(empty_engine, "0002")
    rows = [{"id": 1, "user_id": 1, "kind": "rule", "key": key, "card": {}, "due": AT, "lapses": 0}
            for key in ("LT09", "LT08")]
    users = FIRST_RELEASE_ROWS["user"][:1]
    with empty_engine.begin() as connection:
        connection.execute(first_release_table("user", users).insert(), users)
        connection.execute(first_release_table("review_card", rows).insert(), [{**rows[0], "id": 1}, {**rows[1], "id": 2}])
    migrate.upgrade(empty_engine)
    assert [(r["id"], r["key"]) for r in stored(empty_engine, "review_card", rows)] == [(2, "LT09")]


def test_sqlite_uses_wal(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_0008_replaces_login_attempts_with_throttle_counters(empty_engine):
    migrate.upgrade(empty_engine, "0007")
    with empty_engine.begin() as connection:
        connection.execute(text("INSERT INTO login_attempt (id, username, remote_addr, at) "
                                "VALUES (1, 'ada', '192.0.2.1', '2026-11-20 09:30:00')"))
    migrate.upgrade(empty_engine, "0008")
    tables = set(inspect(empty_engine).get_table_names())
    assert "throttle" in tables and "login_attempt" not in tables
    migrate.downgrade(empty_engine, "0007")
    tables = set(inspect(empty_engine).get_table_names())
    assert "login_attempt" in tables and "throttle" not in tables


def test_question_versions_go_and_reports_stay_when_0010_is_undone(empty_engine):
    """Downgrading below 0010 drops the stored versions and the version columns, never a report."""
    migrate.upgrade(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(text("""INSERT INTO "user" (id, username, role, created_at, desired_retention,
            session_version, new_cards_per_day, reviews_per_day) VALUES (1, 'ada', 'learner', :at, 0.9, 0, 20, 200)"""),
                           {"at": AT})
        connection.execute(text("""INSERT INTO quiz_session (id, user_id, mode, settings, position, item_count,
            started_at) VALUES (10, 1, 'practice', '{}', 0, 1, :at)"""), {"at": AT})
        connection.execute(text("""INSERT INTO problem_report (id, user_id, question_id, message, created_at, status,
            session_id, question_hash, picks) VALUES (7, 1, 'iam/q', 'Unclear.', :at, 'open', 10, :hash, '["B"]')"""),
                           {"at": AT, "hash": "a" * 64})
        connection.execute(text("""INSERT INTO question_version (bank_id, question_id, content_hash, content,
            created_at) VALUES ('iam', 'q', :hash, '{}', :at)"""), {"at": AT, "hash": "a" * 64})
    migrate.downgrade(empty_engine, "0009")
    assert "question_version" not in inspect(empty_engine).get_table_names()
    assert "question_hash" not in {c["name"] for c in inspect(empty_engine).get_columns("session_item")}
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT id, message FROM problem_report")).all() == [(7, "Unclear.")]
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()


def test_0011_keeps_retirements_and_serves_everything_else_from_the_folder(empty_engine):
    """Before 0011 the folder was served: only a retired question gets a served version (its newest)."""
    migrate.upgrade(empty_engine, "0010")
    with empty_engine.begin() as connection:
        for question, content_hash, retired in (("kept", "a" * 64, None), ("gone", "b" * 64, AT), ("gone", "c" * 64, AT)):
            connection.execute(text("""INSERT INTO question_version (bank_id, question_id, content_hash, content,
                created_at, retired_at) VALUES ('iam', :q, :hash, '{}', :at, :retired)"""),
                               {"q": question, "hash": content_hash, "at": AT, "retired": retired})
    migrate.upgrade(empty_engine, "0011")
    with empty_engine.connect() as connection:
        served = connection.execute(text("SELECT bank_id, question_id, content_hash FROM served_version")).all()
    assert served == [("iam", "gone", "c" * 64)]
    migrate.downgrade(empty_engine, "0010")
    assert not {"served_version", "published_bank"} & set(inspect(empty_engine).get_table_names())


def test_0012_rebuilds_the_statistics_indexes_with_the_version_and_back(empty_engine):
    """The item_attempt indexes lead with (question, version) at 0012 and go back to 0011's columns."""
    def columns() -> dict[str, list[str]]:
        return {index["name"]: index["column_names"] for index in inspect(empty_engine).get_indexes("item_attempt")}

    migrate.upgrade(empty_engine, "0012")
    assert columns()["ix_item_attempt_question"] == ["question_id", "question_hash", "rest", "correct", "session_id"]
    assert columns()["ix_item_attempt_picks"] == ["question_id", "question_hash", "picks"]
    migrate.downgrade(empty_engine, "0011")
    assert columns()["ix_item_attempt_question"] == ["question_id", "session_id", "correct", "rest"]
    assert columns()["ix_item_attempt_picks"] == ["question_id", "picks"]
