"""`study explain`: per choice the verdict, deciding rule, fix and deployment, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from study.cli import main
from study.locations import questions_dir
from tests.content.test_validate import CAL_01, _bank_with_wrong_key

LAUNCH_TYPES = str(questions_dir() / "launch-types.yaml")


def test_text_names_verdict_rule_fix_tasks_and_identities(capsys):
    assert main(["explain", LAUNCH_TYPES, CAL_01]) == 0
    out = capsys.readouterr().out
    line = Path(LAUNCH_TYPES).read_text(encoding="utf-8").splitlines().index(f"  - id: {CAL_01}") + 1
    assert f"launch-types.yaml:{line}: {CAL_01} (single): key C; the model proves C" in out
    assert "  B  fails: requirement 'The design is accepted, its tasks launch and keep running' breaks" in out
    assert "[FG03 Container reservations fit inside the task size]" in out
    assert "fix: Set task CPU units (cpu) to 1024 instead of 512 in task definition reports." in out
    assert "  C  passes" in out
    passing = out[out.index("  C  passes"):out.index("  D  fails")]
    assert "tasks of service reports: 1 RUNNING on Fargate in a, 1 RUNNING on Fargate in b" in passing
    assert "identities of reports: agent no credentials" in passing


def test_a_design_rejected_when_registered_shows_nothing_running(capsys):
    """B breaks FG03 at registration: no task of it would ever exist, so none is shown running."""
    assert main(["explain", LAUNCH_TYPES, CAL_01]) == 0
    out = capsys.readouterr().out
    rejected = out[out.index("  B  fails"):out.index("  C  passes")]
    assert "nothing runs: AWS rejects this design when it is registered" in rejected
    assert "RUNNING" not in rejected and "identities of" not in rejected


def test_text_shows_instances_that_never_register(capsys):
    assert main(["explain", str(questions_dir() / "iam.yaml"), "cal-05-instances-never-join"]) == 0
    out = capsys.readouterr().out
    assert "tasks of service web: 2 UNPLACED (no registered container instances" in out
    assert "instance hosts-1 (m5.large, a) not registered: the instances have no instance profile" in out
    assert "app: instance profile 'ecsInstanceRole'" in out


def test_json_has_the_documented_shape(capsys):
    assert main(["explain", "--json", LAUNCH_TYPES, CAL_01]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["schema_version"], data["file"], data["problems"]) == (2, LAUNCH_TYPES, [])
    [question] = data["questions"]
    assert (question["id"], question["key"], question["model_key"]) == (CAL_01, ["C"], ["C"])
    by_id = {c["id"]: c for c in question["choices"]}
    assert by_id["C"]["passes"] and by_id["C"]["deciding"] is None and by_id["C"]["fix"] is None
    deciding = by_id["B"]["deciding"]
    assert {k: deciding[k] for k in ("rule_id", "rule_title", "stage", "taught_in", "requirement_kind")} == {
        "rule_id": "FG03", "rule_title": "Container reservations fit inside the task size", "stage": "register",
        "taught_in": "launch-types#fargate-task-sizes", "requirement_kind": "deploys"}
    assert (by_id["B"]["rejected_when_registered"], by_id["B"]["deployment"]) == (True, None)
    assert by_id["C"]["rejected_when_registered"] is False
    deployment = by_id["C"]["deployment"]
    assert set(deployment) == {"tasks", "instances", "identities"}
    assert {t["state"] for t in deployment["tasks"]} == {"RUNNING"}
    assert deployment["identities"][0]["owner"] == "reports"


def test_numeric_questions_show_the_computed_answer(capsys):
    assert main(["explain", str(questions_dir() / "auto-scaling.yaml"), "as-tt-cpu-scale-out-proportional"]) == 0
    assert "the model computes" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "says"), [
    (["missing.yaml"], "no such bank file: missing.yaml"),
    ([LAUNCH_TYPES, "no-such-question"], f"no question 'no-such-question' in the bank; its questions are: {CAL_01}, "),
])
def test_bad_input_exits_two_with_a_message(args, says, capsys):
    assert main(["explain", *args]) == 2
    assert says in capsys.readouterr().err


def test_a_bank_with_errors_prints_them_and_exits_one(tmp_path, capsys):
    assert main(["explain", str(_bank_with_wrong_key(tmp_path)), CAL_01]) == 1
    captured = capsys.readouterr()
    assert f"{CAL_01}: key: the key says A but the model rejects it" in captured.err
    assert "  A  fails: requirement" in captured.out


def test_a_bank_that_does_not_load_prints_the_problem_and_exits_one(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: x\ntitle: [unclosed\n", encoding="utf-8")
    assert main(["explain", str(broken)]) == 1
    assert "broken.yaml:" in capsys.readouterr().err
