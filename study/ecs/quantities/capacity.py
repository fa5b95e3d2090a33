"""Quantities about capacity: tasks that cannot be placed, tasks per instance, instances needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..observe import Observation, QuantityError, QuantityKind
from ..scaling_sim.instances import (
    group_for,
    instances_for,
    owner_spec,
    tasks_per_instance,
)

if TYPE_CHECKING:
    from ..deploy import Deployment
    from ..scenario import Quantity


def _provisioning_tasks(deployment: Deployment, ask: Quantity) -> Observation:
    tasks = deployment.tasks_of(ask.of) if ask.of else list(deployment.tasks)
    stuck = [t for t in tasks if t.state.value == "PROVISIONING"]
    placed = [t for t in tasks if t.state.value == "RUNNING"]
    working = f"{len(placed)} of {len(tasks)} tasks found capacity; {len(stuck)} wait in PROVISIONING"
    choice = group_for(deployment.design, ask.of) if ask.of else None
    if stuck and choice is not None:
        group = deployment.design.cluster.auto_scaling_groups[choice.group]
        fits = tasks_per_instance(deployment.design, ask.of)
        per = f" ({fits[1]})" if fits else ""
        working = (f"group '{choice.group}' can grow only to MaxSize {group.max_size}{per}, so {len(placed)} of "
                   f"{len(tasks)} tasks run, leaving {len(stuck)} in PROVISIONING")
        return Observation(len(stuck), working, "CP04")
    return Observation(len(stuck), working, "LT02")


def _per_instance(deployment: Deployment, ask: Quantity) -> tuple[int, str]:
    fits = tasks_per_instance(deployment.design, ask.of or "")
    if fits is None:
        raise QuantityError(f"'{ask.quantity}' needs `of` naming a service or task on EC2 capacity; got '{ask.of}'")
    return fits


def _tasks_per_instance(deployment: Deployment, ask: Quantity) -> Observation:
    fits, working = _per_instance(deployment, ask)
    return Observation(fits, working, "CP05")


def _instances_needed(deployment: Deployment, ask: Quantity) -> Observation:
    fits, fit_working = _per_instance(deployment, ask)
    spec = owner_spec(deployment.design, ask.of or "")
    count = getattr(spec, "desired_count", None) or getattr(spec, "count", 1)
    choice = group_for(deployment.design, ask.of or "")
    target = choice.capacity_provider.target_capacity if choice and choice.capacity_provider else 100
    needed, working = instances_for(count, fits, target)
    return Observation(needed, f"{fit_working}; {working}", "CP05")


def _fargate_spot_tasks(deployment: Deployment, ask: Quantity) -> Observation:
    spec = owner_spec(deployment.design, ask.of or "")
    if spec is None:
        raise QuantityError(f"'fargate_spot_tasks' needs `of` naming a service or task; got '{ask.of}'")
    tasks = deployment.tasks_of(ask.of)
    spot = sum(1 for t in tasks if t.provider == "FARGATE_SPOT")
    items = ", ".join(f"{i.provider} base {i.base} weight {i.weight}" for i in spec.capacity_provider_strategy)
    working = (f"strategy {items or 'none'}: the base is placed first, the other tasks are split by weight, "
               f"so {spot} of {len(tasks)} tasks run on FARGATE_SPOT and can be reclaimed")
    return Observation(spot, working, "CP07")


QUANTITIES: dict[str, QuantityKind] = {
    "provisioning_tasks": QuantityKind(
        "provisioning_tasks", "Tasks of a service (or all) that cannot get capacity and stay in PROVISIONING.",
        {"quantity": "provisioning_tasks", "of": "web"}, _provisioning_tasks,
        "the number of tasks of {of} left in PROVISIONING"),
    "tasks_per_instance": QuantityKind(
        "tasks_per_instance", "How many tasks of a service fit on one instance of its group (CPU, memory, ENIs).",
        {"quantity": "tasks_per_instance", "of": "web"}, _tasks_per_instance,
        "the number of tasks of {of} that fit on one instance"),
    "instances_needed": QuantityKind(
        "instances_needed", "Instances managed scaling aims for: the instances the tasks need, scaled by targetCapacity.",
        {"quantity": "instances_needed", "of": "web"}, _instances_needed,
        "the number of instances managed scaling aims for to run {of}"),
    "fargate_spot_tasks": QuantityKind(
        "fargate_spot_tasks", "Tasks of a service that its capacity provider strategy places on FARGATE_SPOT.",
        {"quantity": "fargate_spot_tasks", "of": "api"}, _fargate_spot_tasks,
        "the number of tasks of {of} placed on FARGATE_SPOT"),
}
