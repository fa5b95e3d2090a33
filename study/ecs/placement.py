"""Where tasks land: capacity requests, strategies, container instances and their free resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .facts.instances import INSTANCE_TYPES, InstanceType
from .facts.policies import role_allows
from .vocab import Design
from .vocab.compute import (
    AutoScalingGroup,
    LaunchType,
    NetworkMode,
    StrategyItem,
    TaskDefinition,
)

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


class TaskState(StrEnum):
    RUNNING = "RUNNING"
    PROVISIONING = "PROVISIONING"
    UNPLACED = "UNPLACED"


@dataclass(frozen=True)
class ContainerInstance:
    """One EC2 instance of an Auto Scaling group, registered with the cluster or not."""

    id: str
    group: str
    az: str
    subnet: str
    instance_type: str
    registered: bool
    not_registered_because: str = ""
    added_by_managed_scaling: bool = False

    @property
    def spec(self) -> InstanceType:
        """Capacity of the instance type (unknown types count as m5.large)."""
        return INSTANCE_TYPES.get(self.instance_type, INSTANCE_TYPES["m5.large"])


@dataclass(frozen=True)
class CapacityRequest:
    """How a service or standalone task asks for capacity."""

    launch_type: LaunchType | None
    strategy: tuple[StrategyItem, ...]

    @property
    def uses_strategy(self) -> bool:
        """True when a capacity provider strategy (given or the cluster default) applies."""
        return self.launch_type is None and bool(self.strategy)


def capacity_request(design: Design, launch_type: LaunchType | None, strategy: list[StrategyItem]) -> CapacityRequest:
    """Resolve launch type, explicit strategy, cluster default, or the EC2 launch type as a last resort."""
    if launch_type is not None:
        return CapacityRequest(launch_type, ())
    chosen = strategy or design.cluster.default_strategy
    if chosen:
        return CapacityRequest(None, tuple(chosen))
    return CapacityRequest(LaunchType.EC2, ())


def split_by_strategy(count: int, strategy: tuple[StrategyItem, ...]) -> dict[str, int]:
    """Place the base first, then share the rest in the ratio of the weights (weight 0 gets none)."""
    shares = {item.provider: 0 for item in strategy}
    remaining = count
    for item in strategy:
        placed = min(max(item.base, 0), remaining)  # a negative base is refused by AWS (RNG03); place none
        shares[item.provider] += placed
        remaining -= placed
    weighted = [item for item in strategy if item.weight > 0]
    if not weighted:
        return shares  # no provider may take the rest: AWS refuses such a strategy (RNG03), so none is placed
    total = sum(item.weight for item in weighted)
    by_weight = {item.provider: 0 for item in strategy}  # the base does not count towards the weighted split
    for index in range(remaining):
        # Deterministic weighted round robin: the provider furthest below its share goes next.
        best = min(weighted, key=lambda i: (by_weight[i.provider] - i.weight * (index + 1) / total, strategy.index(i)))
        shares[best.provider] += 1
        by_weight[best.provider] += 1
    return shares


def task_cpu(task_def: TaskDefinition) -> int:
    """CPU units a task needs on an instance: the task size, else the sum of its containers."""
    if task_def.cpu:
        return task_def.cpu
    return sum(c.cpu or 0 for c in task_def.containers.values())


def task_memory(task_def: TaskDefinition) -> int:
    """Memory a task reserves on an instance: the task size, else each container's limit or reservation."""
    if task_def.memory:
        return task_def.memory
    return sum(c.memory_reservation or c.memory or 0 for c in task_def.containers.values())


def effective_network_mode(task_def: TaskDefinition, on_fargate: bool) -> NetworkMode:
    """The network mode a task really uses: bridge is the default on EC2 Linux."""
    if task_def.network_mode is not None:
        return task_def.network_mode
    return NetworkMode.AWSVPC if on_fargate else NetworkMode.BRIDGE


ECS_AGENT_ENDPOINTS = ("ecs-agent", "ecs-telemetry", "ecs")


def agent_identity_problem(design: Design, group: AutoScalingGroup) -> str:
    """Why the agent of the group's instances has no identity to register with ('' when it has one)."""
    if group.instance_profile is None:
        return "the instances have no instance profile, so the agent has no credentials to register"
    role = design.roles.get(group.instance_profile)
    if role is None:
        return f"the instance profile names role '{group.instance_profile}', which does not exist"
    if role.trust != "ec2.amazonaws.com":
        return f"role '{group.instance_profile}' trusts {role.trust}, not ec2.amazonaws.com"
    if not role_allows(role, "ecs:RegisterContainerInstance"):
        return f"role '{group.instance_profile}' does not allow ecs:RegisterContainerInstance"
    return ""


def agent_network_problem(design: Design, group: AutoScalingGroup) -> str:
    """Why the agent cannot reach the ECS endpoints from the group's subnets ('' when it can)."""
    missing = [s for s in ECS_AGENT_ENDPOINTS if not any(e.service == s and e.private_dns for e in design.network.endpoints.values())]
    for name, _az in subnet_azs(design, group.subnets):
        if design.network.subnets[name].default_route.value == "none" and missing:
            return (f"subnet '{name}' has no NAT or internet gateway route and no interface endpoints for "
                    f"{', '.join(missing)}, so the agent cannot reach ECS")
    return ""


def instance_registration(design: Design, group: AutoScalingGroup) -> tuple[bool, str]:
    """Whether an instance of the group joins the cluster, and why not."""
    if group.ami == "plain":
        return False, "the AMI has no ECS container agent"
    if group.agent.cluster not in (None, design.cluster.name):
        return False, f"the agent is configured for cluster '{group.agent.cluster}', not '{design.cluster.name}'"
    problem = agent_identity_problem(design, group) or agent_network_problem(design, group)
    return not problem, problem


def subnet_azs(design: Design, subnets: list[str]) -> list[tuple[str, str]]:
    """(subnet, az) pairs for the named subnets, or every subnet of the VPC when none are named."""
    names = subnets or list(design.network.subnets)
    return [(name, design.network.subnets[name].az) for name in names if name in design.network.subnets]


def launch_instance(design: Design, group_name: str, index: int, scaled: bool = False) -> ContainerInstance:
    """The index-th instance of a group, spread over the group's subnets."""
    group = design.cluster.auto_scaling_groups[group_name]
    places = subnet_azs(design, group.subnets) or [("unknown", "a")]
    subnet, az = places[index % len(places)]
    registered, why = instance_registration(design, group)
    return ContainerInstance(f"{group_name}-{index + 1}", group_name, az, subnet, group.instance_type, registered, why, scaled)


@dataclass
class FreeCapacity:
    """Resources still free on one instance while tasks are being placed."""

    cpu: int
    memory: int
    enis: int
    gpus: int
    host_ports: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def of(cls, instance: ContainerInstance, trunking: bool) -> FreeCapacity:
        """Fresh capacity: the primary ENI is the instance's own, so awsvpc tasks get the rest."""
        spec = instance.spec
        enis = spec.trunk_tasks if trunking and spec.trunk_tasks else spec.max_enis - 1
        return cls(spec.cpu_units, spec.memory_mib, enis, spec.gpus)
