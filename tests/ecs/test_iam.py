"""The credentials step: which identity each actor of a task resolves to, per launch type and network mode."""

from __future__ import annotations

import pytest

from study.ecs.deploy import deploy
from study.ecs.evaluate import read_merged
from study.ecs.merge import merge_patch
from study.ecs.question import evaluate_question
from study.ecs.scenario import Scenario
from study.ecs.steps.credentials import Source, app_identity, mount_client_identity

EC2 = {
    "roles": {
        "hostRole": {"trust": "ec2.amazonaws.com", "managed_policies": ["AmazonEC2ContainerServiceforEC2Role"]},
        "app-task": {}, "app-exec": {"managed_policies": ["AmazonECSTaskExecutionRolePolicy"]},
    },
    "cluster": {"name": "prod", "auto_scaling_groups": {"hosts": {"desired": 1, "instance_profile": "hostRole", "subnets": ["private-a"]}}},
    "task_definitions": {"app": {"requires_compatibilities": ["EC2"], "network_mode": "bridge", "cpu": 256, "memory": 512,
                                 "containers": {"main": {}, "sidecar": {}}}},
    "services": {"app": {"task_definition": "app", "launch_type": "EC2", "desired_count": 1}},
}
FARGATE = {
    "roles": {"app-task": {}, "app-exec": {"managed_policies": ["AmazonECSTaskExecutionRolePolicy"]}},
    "task_definitions": {"app": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": 256, "memory": 512,
                                 "containers": {"main": {}, "sidecar": {}}}},
    "services": {"app": {"task_definition": "app", "launch_type": "FARGATE", "network": {"subnets": ["private-a"]}}},
}


def _task(base: dict, change: dict):
    deployment = deploy(read_merged(merge_patch(base, change), None))
    return deployment, deployment.credentials.of("app")


TD = "task_definitions"


@pytest.mark.parametrize(("base", "change", "app", "agent", "secrets"), [
    (EC2, {}, Source.INSTANCE_PROFILE, Source.INSTANCE_PROFILE, Source.NONE),
    (EC2, {TD: {"app": {"task_role": "app-task"}}}, Source.TASK_ROLE, Source.INSTANCE_PROFILE, Source.NONE),
    (EC2, {TD: {"app": {"execution_role": "app-exec"}}}, Source.INSTANCE_PROFILE, Source.EXECUTION_ROLE, Source.EXECUTION_ROLE),
    (EC2, {TD: {"app": {"containers": {"main": {"static_aws_keys": True}}, "task_role": "app-task"}}},
     Source.STATIC_KEYS, Source.INSTANCE_PROFILE, Source.NONE),
    (EC2, {"cluster": {"auto_scaling_groups": {"hosts": {"agent": {"block_imds_for_bridge": True}}}}},
     Source.NONE, Source.INSTANCE_PROFILE, Source.NONE),
    (EC2, {"cluster": {"auto_scaling_groups": {"hosts": {"agent": {"block_imds_for_awsvpc": True}}}}},
     Source.INSTANCE_PROFILE, Source.INSTANCE_PROFILE, Source.NONE),
    (FARGATE, {}, Source.NONE, Source.NONE, Source.NONE),
    (FARGATE, {TD: {"app": {"task_role": "app-task", "execution_role": "app-exec"}}},
     Source.TASK_ROLE, Source.EXECUTION_ROLE, Source.EXECUTION_ROLE),
], ids=["ec2-bare", "ec2-task-role", "ec2-exec-role", "ec2-static-keys", "ec2-bridge-blocked",
        "ec2-awsvpc-block-leaves-bridge-open", "fargate-bare", "fargate-both-roles"])
def test_each_actor_resolves_to_one_identity(base, change, app, agent, secrets):
    """The first provider that answers signs for the app; the agent and the secrets have their own rules."""
    deployment, task = _task(base, change)
    assert app_identity(deployment, "app", "main").source is app
    assert task.agent.source is agent
    assert task.secrets.source is secrets


@pytest.mark.parametrize(("mode", "block", "reachable"), [
    ("awsvpc", {"block_imds_for_awsvpc": True}, False),
    ("awsvpc", {"block_imds_for_bridge": True}, True),
    ("bridge", {"block_imds_for_bridge": True}, False),
    ("host", {"block_imds_for_awsvpc": True, "block_imds_for_bridge": True}, True),
])
def test_imds_blocks_cover_one_network_mode_each(mode, block, reachable):
    """ECS_AWSVPC_BLOCK_IMDS covers awsvpc, the iptables rule covers bridge, and host mode stays open."""
    change = {"cluster": {"auto_scaling_groups": {"hosts": {"agent": block}}}, TD: {"app": {"network_mode": mode}}}
    if mode == "awsvpc":
        change["services"] = {"app": {"network": {"subnets": ["private-a"]}}}
    _deployment, task = _task(EC2, change)
    assert task.imds_reachable is reachable


def test_task_role_reaches_every_container_of_the_task():
    """Both containers of one task resolve to the same task role."""
    _deployment, task = _task(FARGATE, {TD: {"app": {"task_role": "app-task"}}})
    assert {c.app.roles for c in task.containers} == {("app-task",)}


@pytest.mark.parametrize(("task_role", "source"), [("app-task", Source.TASK_ROLE), (None, Source.NONE)])
def test_mount_client_identity_is_the_task_role(task_role, source):
    """EFS IAM authorization uses the task role, never the instance profile."""
    design = read_merged(merge_patch(EC2, {TD: {"app": {"task_role": task_role}}}), None)
    assert mount_client_identity(design, "app").source is source


class _Choice:
    def __init__(self, letter: str, design: dict) -> None:
        self.id, self.design, self.claims = letter, design, []


class _Question:
    kind, choose, combined, params = "choose", 2, True, {}

    def __init__(self, scenario: Scenario, choices: list[_Choice]) -> None:
        self.scenario, self.choices = scenario, choices


def test_combined_choices_pass_only_together():
    """A combined choose-two question proves the pair whose designs together meet the requirements."""
    situation = merge_patch(FARGATE, {
        "network": {"subnets": {"private-a": {"az": "a", "default_route": "none"}}},
        TD: {"app": {"execution_role": "app-exec"}}})
    scenario = Scenario(situation, [{"kind": "image_pull_succeeds", "of": "app"}])
    choices = [_Choice("A", {"network": {"endpoints": {"a": {"service": "ecr.api"}, "d": {"service": "ecr.dkr"}}}}),
               _Choice("B", {"network": {"endpoints": {"s3": {"service": "s3", "type": "gateway"}}}}),
               _Choice("C", {"services": {"app": {"network": {"assign_public_ip": True}}}})]
    result = evaluate_question(_Question(scenario, choices), with_fixes=False)
    assert result.model_key == ("A", "B")
    assert result.verdict("A").together_with == ("B",) and result.verdict("B").together_with == ("A",)
    # C (a public IP) is judged in the place of each key choice and keeps the closest miss: next to A it
    # misses only what B does (the S3 layer download); next to B it would miss both ECR endpoints.
    wrong = result.verdict("C")
    assert wrong.together_with == ("A",)
    assert [f.rule_id for f in wrong.findings] == ["VPC01"] and "s3" in wrong.findings[0].message
