"""The targets step and routing: how tasks register, which ports and security groups traffic meets, where listeners lead."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from study.ecs.deploy import deploy
from study.ecs.evaluate import read_merged
from study.ecs.merge import merge_patch
from study.ecs.question import evaluate_question
from study.ecs.scenario import Scenario
from study.ecs.steps.targets import EPHEMERAL_RANGE, admits
from study.ecs.vocab import read_design

CASES = Path(__file__).parent / "cases"
BASELINES = {name: design for module in ("loadbalancing", "ports", "routing")
             for name, design in yaml.safe_load((CASES / f"{module}.yaml").read_text(encoding="utf-8"))["baselines"].items()}


def _deployed(base: str, change: dict | None = None):
    return deploy(read_merged(merge_patch(BASELINES[base], change or {}), None))


@pytest.mark.parametrize(("base", "change", "registered_as", "dynamic", "destinations"), [
    ("fargate_alb", {}, "ip", False, ("web-tasks",)),
    ("ec2_bridge_alb", {}, "instance", True, ("hosts-sg",)),
    ("ec2_bridge_alb", {"task_definitions": {"web": {"containers": {"app": {"port_mappings": [{"container_port": 8080, "host_port": 80}]}}}}},
     "instance", False, ("hosts-sg",)),
    ("fargate_alb", {"services": {"web": {"network": {"security_groups": []}}}}, "ip", False, ("default",)),
])
def test_tasks_register_by_network_mode(base, change, registered_as, dynamic, destinations):
    """awsvpc tasks register by IP behind their own groups; bridge tasks by instance and host port behind the instance's."""
    targets = _deployed(base, change).targets.targets
    assert targets
    assert {(t.registered_as, t.dynamic_port, t.destinations) for t in targets} == {(registered_as, dynamic, destinations)}


def test_dynamic_host_ports_come_from_the_ephemeral_range_and_differ_per_instance():
    targets = _deployed("ec2_bridge_alb").targets.targets
    by_instance: dict[str, list[int]] = {}
    for t in targets:
        by_instance.setdefault(t.address, []).append(t.port)
    assert all(EPHEMERAL_RANGE[0] <= p <= EPHEMERAL_RANGE[1] for ports in by_instance.values() for p in ports)
    assert all(len(set(ports)) == len(ports) for ports in by_instance.values())


def test_a_target_type_that_does_not_fit_registers_nothing():
    assert _deployed("fargate_alb", {"target_groups": {"web-tg": {"target_type": "instance"}}}).targets.targets == ()


@pytest.mark.parametrize(("port", "check", "listening"), [("traffic-port", None, True), ("80", 80, False)])
def test_health_check_port(port, check, listening):
    targets = _deployed("ec2_bridge_alb", {"target_groups": {"web-tg": {"health_check_port": port}}}).targets.targets
    assert all(t.health_check_port == (check or t.port) and t.health_check_listening is listening for t in targets)


@pytest.mark.parametrize(("rule", "sources", "ports", "admitted"), [
    ({"source": "alb-sg", "ports": "8080"}, ("alb-sg",), (8080, 8080), True),
    ({"source": "alb-sg", "ports": "8080"}, ("other-sg",), (8080, 8080), False),
    ({"source": "alb-sg", "ports": "8080"}, (), (8080, 8080), False),
    ({"source": "10.0.0.0/16", "ports": "8080"}, (), (8080, 8080), True),
    ({"source": "alb-sg", "ports": "32768-65535"}, ("alb-sg",), EPHEMERAL_RANGE, True),
    ({"source": "alb-sg", "ports": "32768-40000"}, ("alb-sg",), EPHEMERAL_RANGE, False),
    ({"source": "alb-sg", "ports": "all"}, ("alb-sg",), EPHEMERAL_RANGE, True),
    ({"source": "alb-sg", "ports": "514", "protocol": "udp"}, ("alb-sg",), (514, 514), False),
])
def test_security_group_admission(rule, sources, ports, admitted):
    """A rule admits a source group it names, or any address range, on every port of the range."""
    design = read_design({"network": {"security_groups": {"dest": {"ingress": [rule]}}}})
    assert admits(design, ("dest",), sources, ports, "tcp") is admitted


def test_routes_follow_an_nlb_through_an_alb_target_group():
    change = {"load_balancers": {"edge": {"type": "network", "listeners": [{"protocol": "TCP", "port": 443, "default_target_group": "alb-tg"}]}},
              "target_groups": {"alb-tg": {"target_type": "alb", "protocol": "TCP", "port": 443, "targets": ["web-alb"]}}}
    routes = [r for r in _deployed("fargate_alb", change).targets.routes if r.entry.load_balancer == "edge"]
    assert [(r.service, r.port, [h.load_balancer for h in r.hops]) for r in routes] == [("web", 8080, ["edge", "web-alb"])]
    assert routes[0].decrypting_hop.load_balancer == "web-alb"


SITUATION = {
    "network": {"security_groups": {"alb-sg": {"ingress": []}, "web-tasks": {"ingress": []}}},
    "task_definitions": {"web": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": 512, "memory": 1024,
                                 "containers": {"app": {"port_mappings": [{"container_port": 8080}]}}}},
    "services": {"web": {"task_definition": "web", "launch_type": "FARGATE",
                         "network": {"subnets": ["private-a"], "security_groups": ["web-tasks"]},
                         "load_balancers": [{"target_group": "web-tg", "container": "app", "port": 8080}]}},
    "load_balancers": {"alb": {"type": "application", "security_groups": ["alb-sg"],
                               "listeners": [{"protocol": "HTTP", "port": 80, "default_target_group": "web-tg"}]}},
    "target_groups": {"web-tg": {"target_type": "instance"}},
}


class _Choice:
    def __init__(self, id_: str, design: dict) -> None:
        self.id, self.design, self.claims = id_, design, []


class _Question:
    kind, choose, params = "choose", 2, {}

    def __init__(self, combined: bool) -> None:
        requirements = [{"kind": "reachable", "service": "web", "container": "app", "port": 8080}]
        self.combined = combined
        self.scenario = Scenario(situation=SITUATION, requirements=requirements)
        self.choices = [
            _Choice("A", {"target_groups": {"web-tg": {"target_type": "ip"}}}),
            _Choice("B", {"network": {"security_groups": {"web-tasks": {"ingress": [{"source": "alb-sg", "ports": "8080"}]}}}}),
            _Choice("C", {"services": {"web": {"desired_count": 3}}}),
        ]


@pytest.mark.parametrize(("combined", "key"), [(True, ("A", "B")), (False, ())])
def test_a_fix_in_two_parts_is_judged_combined(combined, key):
    """A missing ip target group and a closed task security group: only the two changes together reach the tasks."""
    assert evaluate_question(_Question(combined), with_fixes=False).model_key == key


NO_GROUPS = {"services": {"web": {"network": {"security_groups": None}}}, "load_balancers": {"web-alb": {"security_groups": None}}}
AS_NLB = {"load_balancers": {"web-alb": {"type": "network", "listeners": [{"protocol": "TCP", "port": 443, "default_target_group": "web-tg"}]}},
          "target_groups": {"web-tg": {"protocol": "TCP"}}}


@pytest.mark.parametrize(("change", "sources", "destinations", "admitted"), [
    (NO_GROUPS, ("default",), ("default",), True),
    (merge_patch(NO_GROUPS, {"network": {"security_groups": {"default": {}}}}), ("default",), ("default",), False),
    (merge_patch(NO_GROUPS, {"load_balancers": {"web-alb": {"security_groups": ["alb-sg"]}}}), ("alb-sg",), ("default",), False),
    (merge_patch(NO_GROUPS, {"services": {"web": {"network": {"security_groups": ["web-tasks"]}}}}), ("default",), ("web-tasks",), False),
    (merge_patch(NO_GROUPS, AS_NLB), (), ("default",), False),
    (merge_patch(NO_GROUPS, {**AS_NLB, "network": {"security_groups": {"web-tasks": {"ingress": [{"source": "10.0.0.0/16", "ports": "8080"}]}}},
                             "services": {"web": {"network": {"security_groups": ["web-tasks"]}}}}), (), ("web-tasks",), True),
], ids=["alb and tasks on the default group", "default group redefined without rules", "alb group not admitted by default group",
        "default group not admitted by task group", "nlb without groups has none", "nlb admitted by an address range"])
def test_what_aws_gives_a_load_balancer_and_a_task_without_security_groups(change, sources, destinations, admitted):
    """An ALB or a task ENI created without security groups gets the VPC's default group, which admits its own members; an NLB gets none."""
    targets = _deployed("fargate_alb", change).targets.targets
    assert targets
    assert {(t.sources, t.destinations, t.admitted) for t in targets} == {(sources, destinations, admitted)}
