"""Requirement kinds about compute: task sizing goals, placement outcomes."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class SmallestFargateSize:
    """The task definition sets the smallest valid Fargate size that covers its containers."""

    kind: Literal["smallest_fargate_size"] = key("Requirement kind.", "smallest_fargate_size")
    task_definition: str = key("Task definition to size.", "reports", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Task definition '{self.task_definition}' has the smallest Fargate size that covers its containers"


@dataclass(config=STRICT)
class AllTasksRunning:
    """Every task of the service (or standalone task) gets capacity and runs."""

    kind: Literal["all_tasks_running"] = key("Requirement kind.", "all_tasks_running")
    of: str = key("Service or standalone task name.", "web", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Every task of '{self.of}' is placed and running"


REQUIREMENTS = (SmallestFargateSize, AllTasksRunning)
