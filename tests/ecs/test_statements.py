"""Statement choices are judged by what the model finds for the situation as given."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from study.ecs.deploy import deploy
from study.ecs.evaluate import evaluate_choice, read_merged
from study.ecs.scenario import Scenario
from study.ecs.statements import Statement, statement_problems

STATEMENT = TypeAdapter(Statement)
SCENARIO = TypeAdapter(Scenario)

EC2_BRIDGE = {
    "roles": {"ecsInstanceRole": {"trust": "ec2.amazonaws.com", "managed_policies": ["AmazonEC2ContainerServiceforEC2Role"]},
              "reports-task": {"permissions": [{"action": "s3:GetObject", "resource": "arn:aws:s3:::archive/*"}]}},
    "cluster": {"name": "prod", "auto_scaling_groups": {"hosts": {
        "desired": 2, "instance_profile": "ecsInstanceRole", "subnets": ["private-a", "private-b"], "agent": {"cluster": "prod"}}}},
    "file_systems": {"shared": {"type": "efs"}},
    "task_definitions": {"reports": {
        "requires_compatibilities": ["EC2"], "network_mode": "bridge", "cpu": 256, "memory": 512,
        "volumes": {"data": {"type": "efs", "file_system": "shared", "iam_authorization": True}},
        "containers": {"app": {"image": "reports:3", "mount_points": [{"volume": "data", "path": "/data"}]}}}},
    "services": {"reports": {"task_definition": "reports", "launch_type": "EC2", "desired_count": 2}},
}
APP_CAN_READ = {"kind": "app_can", "container": "app", "action": "s3:GetObject", "resource": "arn:aws:s3:::archive/x"}


def _judge(statement: dict, situation: dict = EC2_BRIDGE, requirements: list | None = None) -> bool:
    scenario = SCENARIO.validate_python({"situation": situation, "requirements": requirements or []})
    deployment = deploy(read_merged(situation, None))
    return STATEMENT.validate_python(statement).judge(deployment, scenario.requirements).holds


WITH_TASK_ROLE = {**EC2_BRIDGE, "task_definitions": {"reports": {**EC2_BRIDGE["task_definitions"]["reports"], "task_role": "reports-task"}}}
AGENT_OFF = {**WITH_TASK_ROLE, "cluster": {**EC2_BRIDGE["cluster"], "auto_scaling_groups": {"hosts": {
    **EC2_BRIDGE["cluster"]["auto_scaling_groups"]["hosts"], "agent": {"cluster": "prod", "task_iam_role": False}}}}}
BLOCKED = {**EC2_BRIDGE, "cluster": {**EC2_BRIDGE["cluster"], "auto_scaling_groups": {"hosts": {
    **EC2_BRIDGE["cluster"]["auto_scaling_groups"]["hosts"], "agent": {"cluster": "prod", "block_imds_for_bridge": True}}}}}


@pytest.mark.parametrize(("statement", "situation", "holds"), [
    ({"fact": "signs", "of": "reports", "equals": "instance-profile", "role": "ecsInstanceRole"}, EC2_BRIDGE, True),
    ({"fact": "signs", "of": "reports", "equals": "task-role"}, EC2_BRIDGE, False),
    ({"fact": "signs", "of": "reports", "equals": "task-role", "role": "reports-task"}, WITH_TASK_ROLE, True),
    ({"fact": "signs", "of": "reports", "actor": "agent", "equals": "instance-profile"}, WITH_TASK_ROLE, True),
    ({"fact": "signs", "of": "reports", "actor": "secrets", "equals": "none"}, WITH_TASK_ROLE, True),
    ({"fact": "signs", "of": "reports", "actor": "mount", "equals": "task-role"}, EC2_BRIDGE, False),
    ({"fact": "cloudtrail", "of": "reports", "role": "reports-task", "session": "task"}, WITH_TASK_ROLE, True),
    ({"fact": "cloudtrail", "of": "reports", "role": "ecsInstanceRole", "session": "instance"}, WITH_TASK_ROLE, False),
    ({"fact": "cloudtrail", "of": "reports", "role": "ecsInstanceRole", "session": "instance"}, EC2_BRIDGE, True),
    ({"fact": "reaches_instance_profile", "of": "reports", "equals": True}, WITH_TASK_ROLE, True),
    ({"fact": "signs", "of": "reports", "equals": "instance-profile"}, AGENT_OFF, True),  # ECS_ENABLE_TASK_IAM_ROLE=false
    ({"fact": "cloudtrail", "of": "reports", "role": "ecsInstanceRole", "session": "instance"}, AGENT_OFF, True),
    ({"fact": "reaches_instance_profile", "of": "reports", "equals": False}, BLOCKED, True),
    ({"fact": "mounts", "of": "reports", "volume": "data", "equals": False}, EC2_BRIDGE, True),
    ({"fact": "mounts", "of": "reports", "volume": "data", "equals": True}, EC2_BRIDGE, False),
    ({"fact": "holds", "requirement": APP_CAN_READ, "equals": True}, WITH_TASK_ROLE, False),
    ({"fact": "holds", "requirement": APP_CAN_READ, "equals": False, "rule": "VOL04"}, WITH_TASK_ROLE, True),
    ({"fact": "holds", "requirement": APP_CAN_READ, "equals": False, "rule": "IAM04"}, WITH_TASK_ROLE, False),
], ids=lambda v: v.get("fact", "") + "-" + str(v.get("equals", v.get("session", ""))) if isinstance(v, dict) and "fact" in v else None)
def test_statement_is_judged_by_the_deployed_situation(statement, situation, holds):
    assert _judge(statement, situation) is holds


PLAIN_TD = {**EC2_BRIDGE["task_definitions"]["reports"], "volumes": {}, "containers": {"app": {}}}
PLAIN = {**EC2_BRIDGE, "task_definitions": {"reports": PLAIN_TD}}
PLAIN_WITH_ROLE = {**EC2_BRIDGE, "task_definitions": {"reports": {**PLAIN_TD, "task_role": "reports-task"}}}


@pytest.mark.parametrize(("statement", "situation", "requirements", "holds"), [
    ({"fact": "outcome", "equals": "register", "rule": "VOL04"}, EC2_BRIDGE, [], True),  # EFS IAM without transit encryption
    ({"fact": "outcome", "equals": "launch"}, EC2_BRIDGE, [], False),
    ({"fact": "outcome", "equals": "meets"}, EC2_BRIDGE, [], False),
    ({"fact": "outcome", "equals": "run", "rule": "IAM04"}, PLAIN, [APP_CAN_READ], True),
    ({"fact": "outcome", "equals": "run", "rule": "IAM07"}, PLAIN, [APP_CAN_READ], False),
    ({"fact": "outcome", "equals": "meets"}, PLAIN_WITH_ROLE, [APP_CAN_READ], True),
])
def test_outcome_names_the_first_failing_stage_and_its_rule(statement, situation, requirements, holds):
    assert _judge(statement, situation, requirements) is holds


def test_a_statement_choice_is_judged_on_its_statements_alone():
    """The situation fails its requirement, yet the true statement about why is the right choice."""
    scenario = SCENARIO.validate_python({"situation": EC2_BRIDGE, "requirements": [APP_CAN_READ]})
    right = [STATEMENT.validate_python({"fact": "signs", "of": "reports", "equals": "instance-profile"})]
    wrong = [STATEMENT.validate_python({"fact": "outcome", "equals": "meets"})]
    assert evaluate_choice(scenario, "A", {}, (), None, right).passes
    verdict = evaluate_choice(scenario, "B", {}, (), None, wrong)
    assert not verdict.passes
    assert "The model finds otherwise" in verdict.findings[0].message


@pytest.mark.parametrize(("statement", "field"), [
    ({"fact": "signs", "of": "report", "equals": "none"}, "of"),
    ({"fact": "mounts", "of": "reports", "volume": "cache"}, "volume"),
    ({"fact": "outcome", "equals": "launch", "rule": "XX99"}, "rule"),
])
def test_statement_about_a_missing_subject_is_an_authoring_problem(statement, field):
    problems = statement_problems(STATEMENT.validate_python(statement), read_merged(EC2_BRIDGE, None))
    assert [f for f, _ in problems] == [field]
