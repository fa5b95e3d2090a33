"""Small shared views of a deployment that several rules need."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..vocab.compute import TaskDefinition

DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
CHECKED = date(2026, 11, 27)


def task_definitions_in_use(deployment: Deployment) -> Iterator[tuple[str, TaskDefinition, bool, str]]:
    """(name, task definition, runs on Fargate, platform version) for every service and standalone task."""
    design = deployment.design
    seen = set()
    for owner in (*design.services.items(), *design.tasks.items()):
        name, spec = owner
        td = design.task_definitions.get(spec.task_definition)
        if td is None:
            continue
        tasks = deployment.tasks_of(name)
        on_fargate = any(t.on_fargate for t in tasks) or (spec.launch_type is not None and spec.launch_type.value == "FARGATE")
        key = (spec.task_definition, on_fargate)
        if key not in seen:
            seen.add(key)
            yield spec.task_definition, td, on_fargate, spec.platform_version
