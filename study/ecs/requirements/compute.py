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



@dataclass(config=STRICT)
class LogsReach:
    """Every application container of the task definition ships its logs straight to one destination."""

    kind: Literal["logs_reach"] = key("Requirement kind.", "logs_reach")
    task_definition: str = key("Task definition whose application containers are checked.", "orders", default="")
    destination: str = key("Where the logs must arrive, as named in log_destination (cloudwatch-logs for awslogs).", "central-fluentd", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        via = "" if self.destination == "cloudwatch-logs" else ", not through CloudWatch Logs"
        return f"The logs of '{self.task_definition}' go straight to {self.destination}{via}"


@dataclass(config=STRICT)
class ShutdownCompletes:
    """When a task is stopped (Spot reclaim, scale-in, deployment) its containers finish their shutdown work."""

    kind: Literal["shutdown_completes"] = key("Requirement kind.", "shutdown_completes")
    of: str = key("Service or standalone task name.", "worker", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"A stopped or interrupted task of '{self.of}' finishes its shutdown work before it is killed"


@dataclass(config=STRICT)
class NoInstancesToManage:
    """AWS provisions, patches and replaces the capacity the tasks run on; the team manages no instances."""

    kind: Literal["no_instances_to_manage"] = key("Requirement kind.", "no_instances_to_manage")
    of: str = key("Service or standalone task name.", "inference", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The team provisions, patches and scales no servers for '{self.of}'"


@dataclass(config=STRICT)
class RunsOnPremises:
    """The tasks run on the company's own servers in its data center."""

    kind: Literal["runs_on_premises"] = key("Requirement kind.", "runs_on_premises")
    of: str = key("Service or standalone task name.", "plant-gateway", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The tasks of '{self.of}' run on the company's own on-premises servers"



REQUIREMENTS = (SmallestFargateSize, AllTasksRunning, LogsReach, ShutdownCompletes, NoInstancesToManage, RunsOnPremises)
