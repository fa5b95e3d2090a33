"""`study validate`: the real banks are clean, and a wrong key fails with the model's reasons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from study.cli import main
from study.content.validate import validate
from study.locations import content_dir, questions_dir

CAL_01 = "cal-01-fargate-size-from-reservations"


def test_every_bundled_bank_validates_without_errors():
    report = validate([questions_dir()], content_dir())
    assert [str(p) for p in report.errors] == []
    assert report.questions > 0


def _bank_with_wrong_key(tmp_path: Path) -> Path:
    copy = tmp_path / "launch-types.yaml"
    shutil.copy(questions_dir() / "launch-types.yaml", copy)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == CAL_01)
    question["key"] = ["A"]
    copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return copy


def test_wrong_key_names_question_choice_requirement_rule_and_note(tmp_path, capsys):
    assert main(["validate", str(_bank_with_wrong_key(tmp_path))]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "the key says A" in line)
    assert f"{CAL_01}: key: the key says A but the model rejects it" in line
    assert "requirement 'The design is accepted, its tasks launch and keep running' breaks" in line
    assert "[FG01 Fargate task sizes come from a fixed table]" in line
    assert "cpu 1024 and memory 3584 MiB" in line
    assert "(note: launch-types#fargate-task-sizes)" in line
    assert "choice C is not in the key but the model proves it" in out


def test_clean_bank_exits_zero(capsys):
    assert main(["validate", str(questions_dir() / "launch-types.yaml")]) == 0


def test_usage_errors_exit_two(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert main(["no-such-command"]) == 2


def test_fixes_say_what_would_make_a_wrong_choice_right(capsys):
    assert main(["validate", "--fixes", str(questions_dir() / "launch-types.yaml")]) == 0
    out = capsys.readouterr().out
    assert f"fix: launch-types/{CAL_01}/B: Set task CPU units (cpu) to 1024 instead of 512 in task definition reports." in out


def test_an_explanation_citing_a_bare_letter_is_an_error(tmp_path, capsys):
    copy = tmp_path / "launch-types.yaml"
    shutil.copy(questions_dir() / "launch-types.yaml", copy)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == CAL_01)
    question["explanation"] = "Too small (A); the model rounds up ({Z})."
    copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["validate", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{CAL_01}: explanation: cites choices by a bare letter in '(A)'" in out
    assert "write the choice id in braces" in out
    assert f"{CAL_01}: explanation: cites {{Z}}, which is not a choice of this question" in out


def test_a_drawn_parameter_the_stem_never_shows_is_an_error(tmp_path, capsys):
    copy = tmp_path / "auto-scaling.yaml"
    shutil.copy(questions_dir() / "auto-scaling.yaml", copy)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == "as-tt-cpu-scale-out-proportional")
    name = next(iter(question["params"]))
    question["stem"] = question["stem"].replace("{" + name + "}", "some")
    copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["validate", str(copy)]) == 1
    assert f"as-tt-cpu-scale-out-proportional: stem: parameter '{name}' is drawn but the stem never shows it" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["validate", "explain"])
def test_authoring_commands_do_not_import_the_web_stack(command):
    """The web stack costs 0.4 s to import: an author validating or explaining one bank must not pay it."""
    import subprocess
    import sys

    code = ("import sys; from study.cli import main; main([sys.argv[1], sys.argv[2]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'alembic') or m.startswith('study.web')))")
    out = subprocess.run([sys.executable, "-c", code, command, str(questions_dir() / "iam.yaml")],
                         capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
