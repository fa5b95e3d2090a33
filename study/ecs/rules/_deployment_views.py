"""Views of a deployment that rules in several areas share: task definitions in use, capacity provider strategies."""

from __future__ import annotations

from collections.abc import Iterator

from ..deploy import Deployment
from ..vocab.compute import LaunchType, TaskDefinition

DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"


def task_definitions_in_use(deployment: Deployment) -> tuple[tuple[str, TaskDefinition, bool, str], ...]:
    """(name, task definition, runs on Fargate, platform version) for every service and standalone task."""
    return deployment.view("task_definitions_in_use", _task_definitions_in_use)


def _task_definitions_in_use(deployment: Deployment) -> tuple[tuple[str, TaskDefinition, bool, str], ...]:
    """Computed once per deployment: a dozen rules walk it."""
    design = deployment.design
    seen, found = set(), []
    for name, spec in (*design.services.items(), *design.tasks.items()):
        td = design.task_definitions.get(spec.task_definition)
        if td is None:
            continue
        tasks = deployment.tasks_of(name)
        on_fargate = any(t.on_fargate for t in tasks) or (spec.launch_type is not None and spec.launch_type.value == "FARGATE")
        key = (spec.task_definition, on_fargate)
        if key not in seen:
            seen.add(key)
            found.append((spec.task_definition, td, on_fargate, spec.platform_version))
    return tuple(found)


def capacity_strategies(deployment: Deployment) -> Iterator[tuple[str, list]]:
    """Every capacity provider strategy of the design (cluster default, services, tasks), with its path."""
    design = deployment.design
    if design.cluster.default_strategy:
        yield "cluster.default_strategy", design.cluster.default_strategy
    for kind, owners in (("services", design.services), ("tasks", design.tasks)):
        for name, spec in owners.items():
            if spec.capacity_provider_strategy:
                yield f"{kind}.{name}.capacity_provider_strategy", spec.capacity_provider_strategy


def validated_for_fargate(deployment: Deployment) -> Iterator[tuple[str, TaskDefinition, str]]:
    """(name, task definition, platform version) of definitions that run on, or are validated for, Fargate."""
    for name, td, on_fargate, pv in task_definitions_in_use(deployment):
        if on_fargate or LaunchType.FARGATE in td.requires_compatibilities:
            yield name, td, pv
