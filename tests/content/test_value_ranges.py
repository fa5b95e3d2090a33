"""Out-of-range values in a choice are judged by the model as AWS would; typos and wrong types still fail the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from study.cli import main
from study.content.validate import validate
from study.ecs.placement import split_by_strategy
from study.ecs.scaling_sim.instances import instances_for
from study.ecs.vocab.compute import StrategyItem
from study.locations import content_dir


def _bank_with_choice_c(tmp_path: Path, capsys, design: str) -> Path:
    """The skeleton question with choice C's design replaced."""
    assert main(["new", "ranged", "--topic", "auto-scaling"]) == 0
    item = capsys.readouterr().out.replace("app: {cpu: 512}", design)
    bank = tmp_path / "ranged.yaml"
    bank.write_text("bank: ranged\ntitle: Ranged\nquestions:\n" + item, encoding="utf-8")
    return bank


@pytest.mark.parametrize(("design", "field", "message"), [
    ("app: {containers: {app: {health_check: {retries: eleven}}}}",
     "choices.C.design.task_definitions.app.containers.app.health_check.retries", "Input should be a valid integer"),
    ("app: {containers: {app: {health_check: {retrys: 3}}}}",
     "choices.C.design.task_definitions.app.containers.app.health_check.retrys", "Unexpected keyword argument"),
])
def test_the_schema_still_refuses_wrong_types_and_unknown_keys(tmp_path, capsys, design, field, message):
    report = validate([_bank_with_choice_c(tmp_path, capsys, design)], content_dir())
    assert any(p.field == field and message in p.message for p in report.errors), [str(p) for p in report.errors]


def test_an_out_of_range_value_loads_and_the_model_rejects_it_with_the_rule(tmp_path, capsys):
    bank = _bank_with_choice_c(tmp_path, capsys, "app: {containers: {app: {health_check: {retries: 11}}}}")
    report = validate([bank], content_dir())
    assert [str(p) for p in report.problems] == []
    assert report.coverage.rules["RNG07"] == 1
    assert main(["explain", str(bank), "ranged"]) == 0
    assert "[RNG07 Container health checks: interval 5-300 s, timeout 2-60 s, 1-10 retries, start period 0-300 s] " \
           "The health check retries of container 'app' in 'app' is 11, but RegisterTaskDefinition accepts only 1 to 10" \
           in capsys.readouterr().out


@pytest.mark.parametrize(("count", "strategy", "expected"), [
    (4, [StrategyItem("FARGATE", base=-3, weight=1)], {"FARGATE": 4}),
    (4, [StrategyItem("FARGATE", weight=0), StrategyItem("FARGATE_SPOT", weight=0)], {"FARGATE": 0, "FARGATE_SPOT": 0}),
    (4, [StrategyItem("FARGATE", base=2, weight=0)], {"FARGATE": 2}),
    (5, [StrategyItem("FARGATE", weight=-1), StrategyItem("FARGATE_SPOT", weight=1)], {"FARGATE": 0, "FARGATE_SPOT": 5}),
])
def test_placement_survives_values_aws_would_refuse(count, strategy, expected):
    assert split_by_strategy(count, tuple(strategy)) == expected


@pytest.mark.parametrize(("target", "instances"), [(0, 900), (-5, 900), (1, 900), (100, 9), (250, 9), (90, 10)])
def test_instance_arithmetic_survives_a_target_capacity_aws_would_refuse(target, instances):
    """Outside 1-100 the arithmetic uses the nearest value AWS accepts (RNG01 reports the refusal)."""
    assert instances_for(36, 4, target)[0] == instances
