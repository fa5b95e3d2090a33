"""Requirement kinds about EC2 capacity: instances follow tasks, busy instances survive, no interruptions."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class CapacityFollowsTasks:
    """Instances are added for the tasks of a service or standalone task, so every task gets one."""

    kind: Literal["capacity_follows_tasks"] = key("Requirement kind.", "capacity_follows_tasks")
    of: str = key("Service or standalone task name.", "web", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The cluster adds instances for the tasks of '{self.of}' so every one of them runs"


@dataclass(config=STRICT)
class BusyInstancesProtected:
    """A scale-in of the group never terminates an instance that still runs tasks."""

    kind: Literal["busy_instances_protected"] = key("Requirement kind.", "busy_instances_protected")
    provider: str = key("Capacity provider name.", "web-cp", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Scale-in of capacity provider '{self.provider}' never terminates an instance with running tasks"


@dataclass(config=STRICT)
class Uninterrupted:
    """No capacity reclaim stops the tasks of a service."""

    kind: Literal["uninterrupted"] = key("Requirement kind.", "uninterrupted")
    of: str = key("Service name.", "ledger", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The tasks of '{self.of}' are never stopped by a capacity reclaim"


REQUIREMENTS = (CapacityFollowsTasks, BusyInstancesProtected, Uninterrupted)
