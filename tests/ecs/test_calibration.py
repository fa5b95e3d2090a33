"""Acceptance test: the 24 calibration scenarios, written as bank questions, are decided as keyed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from study.content.banks import load_banks
from study.ecs import evaluate_question
from study.locations import questions_dir

KEYS = yaml.safe_load((Path(__file__).parent / "calibration_keys.yaml").read_text(encoding="utf-8"))


def _calibration_questions() -> dict[str, object]:
    found = {}
    for bank in load_banks([questions_dir()]).banks:
        for question in bank.questions:
            if question.id.startswith("cal-"):
                found[question.id[:6].upper()] = question
    return found


QUESTIONS = _calibration_questions()


@pytest.mark.parametrize("cal_id", sorted(KEYS))
def test_model_decides_calibration_scenario_as_keyed(cal_id):
    question = QUESTIONS.get(cal_id)
    if question is None:
        pytest.fail(f"{cal_id} is not written as a bank question yet (id must start with {cal_id.lower()}-)")
    result = evaluate_question(question, with_fixes=False)
    assert sorted(result.model_key) == sorted(KEYS[cal_id]), [
        (v.choice_id, [f.message for f in v.findings]) for v in result.choices]
