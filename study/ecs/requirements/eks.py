"""Requirement kinds about Amazon EKS: where pods run, what they may call, who manages the nodes."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class PodsScheduled:
    """Every pod of the workload is scheduled onto Fargate or a node and does not stay Pending."""

    kind: Literal["pods_scheduled"] = key("Requirement kind.", "pods_scheduled")
    workload: str = key("Name in eks.workloads.", "etl", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The pods of '{self.workload}' are scheduled and run"


@dataclass(config=STRICT)
class PodCan:
    """The application in the workload's pods may make an AWS call."""

    kind: Literal["pod_can"] = key("Requirement kind.", "pod_can")
    workload: str = key("Name in eks.workloads.", "etl", default="")
    action: str = key("IAM action the code calls.", "s3:GetObject", default="")
    resource: str = key("Resource the call targets.", "arn:aws:s3:::raw-events/*", default="*")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The pods of '{self.workload}' can call {self.action}" + ("" if self.resource == "*" else f" on {self.resource}")


@dataclass(config=STRICT)
class NodesManagedByEks:
    """EKS provisions, updates and drains the cluster's EC2 nodes; the team runs no node groups by hand."""

    kind: Literal["nodes_managed_by_eks"] = key("Requirement kind.", "nodes_managed_by_eks")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return "EKS provisions, updates and drains the cluster's nodes"


REQUIREMENTS = (PodsScheduled, PodCan, NodesManagedByEks)
