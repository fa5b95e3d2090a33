"""Combined choices: a later choice's list replaces an earlier one by default, and joins it with combine_lists: merge."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import TypeAdapter

from study.ecs.merge import merge_patch
from study.ecs.question import evaluate_question
from study.ecs.scenario import Scenario

SITUATION = {
    "roles": {"worker-task": {}},
    "task_definitions": {"worker": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": 256, "memory": 512,
                                    "task_role": "worker-task", "containers": {"app": {}}}},
    "services": {"worker": {"task_definition": "worker", "launch_type": "FARGATE", "network": {"subnets": ["private-a"]}}},
}
NEEDS = [{"kind": "app_can", "container": "app", "action": "s3:GetObject", "resource": "arn:aws:s3:::jobs/x"},
         {"kind": "app_can", "container": "app", "action": "sqs:ReceiveMessage", "resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"}]


def _grant(action: str, resource: str) -> dict:
    return {"roles": {"worker-task": {"permissions": [{"action": action, "resource": resource}]}}}


CHOICES = [
    SimpleNamespace(id="A", design=_grant("s3:GetObject", "arn:aws:s3:::jobs/*"), claims=[]),
    SimpleNamespace(id="B", design=_grant("sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:111122223333:jobs"), claims=[]),
    SimpleNamespace(id="C", design=_grant("dynamodb:GetItem", "*"), claims=[]),
]


def _question(combine_lists: str) -> SimpleNamespace:
    scenario = TypeAdapter(Scenario).validate_python({"situation": SITUATION, "requirements": NEEDS})
    return SimpleNamespace(kind="choose", choose=2, combined=True, combine_lists=combine_lists, scenario=scenario,
                           choices=CHOICES, params={})


@pytest.mark.parametrize(("combine_lists", "key"), [("replace", ()), ("merge", ("A", "B"))])
def test_lists_of_combined_choices_replace_or_merge(combine_lists, key):
    assert evaluate_question(_question(combine_lists), with_fixes=False).model_key == key


@pytest.mark.parametrize(("target", "patch", "merge_lists", "merged"), [
    ({"a": [1, 2]}, {"a": [3]}, False, {"a": [3]}),
    ({"a": [1, 2]}, {"a": [2, 3]}, True, {"a": [1, 2, 3]}),
    ({"a": [1]}, {"a": None}, True, {}),
    ({"a": {"b": [1]}}, {"a": {"b": [1]}}, True, {"a": {"b": [1]}}),
])
def test_merge_patch_joins_lists_only_when_asked(target, patch, merge_lists, merged):
    assert merge_patch(target, patch, merge_lists) == merged
