"""The fix coverage count runs on a bank and reports the share of rejected choices with a fix."""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import fix_coverage  # noqa: E402

from study.locations import questions_dir  # noqa: E402


def test_counts_and_lists_the_fixes_of_one_bank(capsys):
    assert fix_coverage.main(["--list", str(questions_dir() / "launch-types.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    summary = re.fullmatch(r"(\d+) of (\d+) rejected choices have a fix \((\d+)%\), in [\d.]+ s", lines[-1])
    assert summary, lines[-1]
    fixed, rejected = int(summary[1]), int(summary[2])
    assert 0 < fixed <= rejected == len(lines) - 1
    assert sum(1 for line in lines[:-1] if not line.endswith(": no fix")) == fixed
    assert "launch-types/cal-01-fargate-size-from-reservations/B: Set task CPU units (cpu) to 1024 instead of 512 " \
           "in task definition reports." in lines
