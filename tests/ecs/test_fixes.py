"""The smallest change that makes a rejected choice right, and how it is said."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from study.ecs.fixes import smallest_fix
from study.ecs.scenario import Scenario
from study.ecs.wording import owner

SITUATION = {
    "task_definitions": {"web": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": 1024,
                                 "memory": 2048, "containers": {"app": {"cpu": 512, "memory_reservation": 1024}}}},
    "services": {"web": {"task_definition": "web", "launch_type": "FARGATE", "network": {"subnets": ["private-a"]}}},
}


def choice(cid: str, design: dict) -> SimpleNamespace:
    return SimpleNamespace(id=cid, design=design, claims=[])


CASES = [
    ("a value set to another allowed value",
     [choice("A", {"task_definitions": {"web": {"memory": 3000}}}), choice("B", {})],
     "A", "Keep task memory in MiB (memory) at 2048 in task definition web instead of changing it to 3000."),
    ("an enum value swapped",
     [choice("A", {"task_definitions": {"web": {"network_mode": "bridge"}}}), choice("B", {})],
     "A", "Set network mode (networkMode) to awsvpc instead of bridge in task definition web."),
    ("a flag turned off",
     [choice("A", {"task_definitions": {"web": {"containers": {"app": {"privileged": True}}}}}), choice("B", {})],
     "A", "Turn off privileged mode (privileged) in container app of task definition web."),
]


@pytest.mark.parametrize(("label", "choices", "wrong", "sentence"), CASES, ids=[c[0] for c in CASES])
def test_smallest_fix_sentence(label, choices, wrong, sentence):
    assert smallest_fix(Scenario(situation=SITUATION), choices, wrong) == sentence


def test_no_fix_when_nothing_in_reach():
    choices = [choice("A", {"services": {"web": {"scheduling_strategy": "DAEMON", "desired_count": 3}}}), choice("B", {})]
    scenario = Scenario(situation={**SITUATION, "task_definitions": {"web": {**SITUATION["task_definitions"]["web"], "cpu": 300}}})
    assert smallest_fix(scenario, choices, "A") is None


@pytest.mark.parametrize(("path", "text"), [
    (("task_definitions", "orders", "task_role"), "task definition orders"),
    (("cluster", "auto_scaling_groups", "hosts", "agent", "block_imds_for_awsvpc"),
     "the ECS agent configuration of Auto Scaling group hosts"),
    (("services", "web", "auto_scaling", "max_capacity"), "the Service Auto Scaling of service web"),
    (("roles", "ecsInstanceRole", "permissions", 0, "action"), "permission s3:GetObject of role ecsInstanceRole"),
    (("cluster", "name"), ""),
])
def test_owners_read_as_english(path, text):
    design = {"roles": {"ecsInstanceRole": {"permissions": [{"action": "s3:GetObject"}]}}}
    assert owner(path, design) == text


def test_registered_memory_is_less_than_nominal():
    """AWS's example: an m4.large-sized 8 GiB instance registers about 7,985 MiB, not 8,192."""
    from study.ecs.facts.instances import INSTANCE_TYPES

    assert INSTANCE_TYPES["m5.large"].memory_mib == 7987
    assert INSTANCE_TYPES["m5.xlarge"].memory_mib < 4 * 4096


def test_list_beside_non_mapping_siblings_does_not_break_the_search():
    """A patch list (subnets) whose owner sits next to a list-valued field (a strategy) is searched without error."""
    wrong = choice("A", {"services": {"web": {"launch_type": None, "network": {"subnets": ["private-a", "private-b"]},
                                              "capacity_provider_strategy": [{"provider": "FARGATE", "weight": 1}],
                                              "scheduling_strategy": "DAEMON", "desired_count": 3}}})
    scenario = Scenario(situation={**SITUATION, "task_definitions": {"web": {**SITUATION["task_definitions"]["web"], "cpu": 300}}})
    assert smallest_fix(scenario, [wrong, choice("B", {})], "A") is None
