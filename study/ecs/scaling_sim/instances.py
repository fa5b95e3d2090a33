"""The instance layer: which group a task's capacity comes from, tasks per instance, instances needed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts.instances import INSTANCE_TYPES
from ..placement import capacity_request, effective_network_mode, task_cpu, task_memory
from ..vocab import Design
from ..vocab.compute import CapacityProvider, NetworkMode


@dataclass(frozen=True)
class GroupChoice:
    """The Auto Scaling group an owner's EC2 tasks land on, and the capacity provider that leads there."""

    group: str
    provider: str | None
    capacity_provider: CapacityProvider | None


def owner_spec(design: Design, owner: str):
    """The service or standalone task with this name, or None."""
    return design.services.get(owner) or design.tasks.get(owner)


def group_for(design: Design, owner: str) -> GroupChoice | None:
    """The first Auto Scaling group behind the owner's strategy (or any group for a launch type)."""
    spec = owner_spec(design, owner)
    if spec is None:
        return None
    request = capacity_request(design, spec.launch_type, spec.capacity_provider_strategy)
    for item in request.strategy:
        cp = design.cluster.capacity_providers.get(item.provider)
        if cp is not None and cp.auto_scaling_group in design.cluster.auto_scaling_groups:
            return GroupChoice(cp.auto_scaling_group, item.provider, cp)
    if not request.uses_strategy and design.cluster.auto_scaling_groups:
        return GroupChoice(next(iter(design.cluster.auto_scaling_groups)), None, None)
    return None


def tasks_per_instance(design: Design, owner: str) -> tuple[int, str] | None:
    """How many of the owner's tasks one instance of its group holds, with the working."""
    spec, choice = owner_spec(design, owner), group_for(design, owner)
    if spec is None or choice is None or spec.task_definition not in design.task_definitions:
        return None
    task_def = design.task_definitions[spec.task_definition]
    instance_type = design.cluster.auto_scaling_groups[choice.group].instance_type
    capacity = INSTANCE_TYPES.get(instance_type, INSTANCE_TYPES["m5.large"])
    cpu, memory = task_cpu(task_def), task_memory(task_def)
    limits = []
    if cpu:
        limits.append((capacity.cpu_units // cpu, f"{capacity.cpu_units} CPU units / {cpu} = {capacity.cpu_units // cpu}"))
    if memory:
        limits.append((capacity.memory_mib // memory, f"{capacity.memory_mib} MiB / {memory} MiB = {capacity.memory_mib // memory}"))
    if effective_network_mode(task_def, on_fargate=False) is NetworkMode.AWSVPC:
        trunking = design.cluster.auto_scaling_groups[choice.group].awsvpc_trunking
        enis = capacity.trunk_tasks if trunking and capacity.trunk_tasks else capacity.max_enis - 1
        limits.append((enis, f"{enis} task ENIs"))
    if not limits:
        return None
    fits = min(value for value, _ in limits)
    return fits, f"one {instance_type} holds " + ", ".join(text for _, text in limits) + f": {fits} tasks"


def instances_for(tasks: int, per_instance: int, target_capacity: int) -> tuple[int, str]:
    """Instances managed scaling aims for: ceil(tasks / per instance), then ceil(M × 100 / targetCapacity)."""
    needed = math.ceil(tasks / per_instance)
    working = f"ceil({tasks} / {per_instance}) = {needed} instances for the tasks"
    target_capacity = min(max(target_capacity, 1), 100)  # AWS refuses values outside 1-100 (RNG01)
    if target_capacity == 100:
        return needed, working
    aimed = math.ceil(needed * 100 / target_capacity - 1e-9)
    return aimed, f"{working}; at targetCapacity {target_capacity}%: ceil({needed} × 100 / {target_capacity}) = {aimed}"
