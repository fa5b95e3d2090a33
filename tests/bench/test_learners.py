"""The learners benchmark runs end to end on SQLite and its durability check catches a lost answer."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import learners  # noqa: E402


def test_a_short_run_prints_the_table_and_loses_nothing(capsys):
    code = learners.main(["--database", "sqlite", "--learners", "3", "--seconds", "4", "--think", "0.05",
                          "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "kind         count      p50" in out
    for kind in learners.KINDS:
        assert any(line.startswith(kind) for line in out.splitlines())
    acknowledged = int(out.split("answers acknowledged ")[1].split(",")[0])
    assert acknowledged > 0
    assert "lost 0" in out


@pytest.fixture
def stored_answer(tmp_path):
    """A SQLite database holding one session item (id 7, session 3) answered with choice "a"."""
    from sqlalchemy import create_engine, text
    url = f"sqlite:///{tmp_path / 'answers.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE session_item (id INTEGER PRIMARY KEY, session_id INTEGER)"))
        connection.execute(text("CREATE TABLE answer (id INTEGER PRIMARY KEY, item_id INTEGER, choices JSON, "
                                "numeric_value FLOAT)"))
        connection.execute(text("INSERT INTO session_item VALUES (7, 3)"))
        connection.execute(text("""INSERT INTO answer VALUES (1, 7, '["a"]', NULL)"""))
    engine.dispose()
    return url


@pytest.mark.parametrize(("ack", "lost"), [
    (learners.Ack(3, 7, ("a",), None), False),
    (learners.Ack(3, 7, ("b",), None), True),     # a later answer the database does not have
    (learners.Ack(3, 8, ("a",), None), True),     # an item with no stored answer
    (learners.Ack(4, 7, ("a",), None), True),     # the item belongs to another session
    (learners.Ack(3, 7, (), 1), True),            # a number where a choice is stored
])
def test_the_durability_check_finds_answers_the_database_lacks(stored_answer, ack, lost):
    assert learners.lost_answers(stored_answer, [ack]) == ([ack] if lost else [])
