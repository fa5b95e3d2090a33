"""Requirement kinds about EKS identities: a permission held only by the pods that need it."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class PodLeastPrivilege:
    """A permission reaches only the pods of the workloads that need it: not the node role, not other pods' roles."""

    kind: Literal["pod_least_privilege"] = key("Requirement kind.", "pod_least_privilege")
    action: str = key("IAM action.", "s3:GetObject", default="")
    resource: str = key("Resource ARN.", "arn:aws:s3:::raw-events/*", default="*")
    needed_by: list[str] = key("Workloads (eks.workloads) whose pods need the permission.", ["etl"], default=[])

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Only the pods of {', '.join(self.needed_by) or 'no workload'} can call {self.action}"


REQUIREMENTS = (PodLeastPrivilege,)
