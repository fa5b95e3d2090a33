"""`study new`: the printed skeleton, appended to a bank, validates with no error and no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from study.cli import main
from study.content.bank_format import Topic
from study.content.validate import validate
from study.locations import content_dir, questions_dir

HEADER = "bank: drafts\ntitle: Drafts\nquestions:\n"


def _new(capsys, *args: str) -> str:
    assert main(["new", *args]) == 0
    return capsys.readouterr().out


def _validated(tmp_path: Path, *items: str):
    bank = tmp_path / "drafts.yaml"
    bank.write_text(HEADER + "".join(items), encoding="utf-8")
    return validate([bank], content_dir())


@pytest.mark.parametrize("topic", [t.value for t in Topic])
def test_the_skeleton_validates_for_every_topic(topic, tmp_path, capsys):
    report = _validated(tmp_path, _new(capsys, "draft-one", "--topic", topic))
    assert [str(p) for p in report.problems] == []
    assert (report.questions, report.choices) == (1, 4)


def test_two_skeletons_append_to_one_bank(tmp_path, capsys):
    report = _validated(tmp_path, _new(capsys, "draft-one", "--topic", "iam"), _new(capsys, "draft-two", "--topic", "iam"))
    assert ([str(p) for p in report.problems], report.questions) == ([], 2)


@pytest.mark.parametrize("source", ["iam.yaml:iam-block-imds-awsvpc", "auto-scaling.yaml:as-tt-cpu-scale-out-proportional",
                                    "iam.yaml:cal-03-private-pulls-without-nat"])
def test_from_copies_a_question_scenario_and_still_validates(source, tmp_path, capsys):
    out = _new(capsys, "draft-copy", "--topic", "iam", "--from", str(questions_dir() / source))
    report = _validated(tmp_path, out)
    assert [str(p) for p in report.errors] == []
    assert "Replace this stem" in out and "draft-copy" in out


@pytest.mark.parametrize(("args", "says"), [
    (["Bad_Id", "--topic", "iam"], "is not a question id"),
    (["draft", "--topic", "networking"], "unknown topic 'networking'; choose one of launch-types, iam"),
    (["draft", "--topic", "iam", "--from", "questions/iam.yaml"], "write BANK_FILE:QUESTION-ID"),
    (["draft", "--topic", "iam", "--from", "missing.yaml:x"], "no such bank file: missing.yaml"),
    (["draft", "--topic", "iam", "--from", f"{questions_dir() / 'iam.yaml'}:nope"], "no question 'nope' in"),
    (["draft"], "--topic"),
])
def test_bad_input_exits_two_with_a_message(args, says, capsys):
    assert main(["new", *args]) == 2
    assert says in capsys.readouterr().err
