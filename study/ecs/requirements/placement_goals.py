"""Requirement kinds about where a service's tasks land: one on every container instance."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class OnePerInstance:
    """Every registered container instance runs exactly one task of the service."""

    kind: Literal["one_per_instance"] = key("Requirement kind.", "one_per_instance")
    service: str = key("Service name.", "log-agent", default="")
    as_instances_change: bool = key("Also on instances the cluster adds or replaces later, with no change to the service.", True,
                                    default=False)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        later = ", including instances added later" if self.as_instances_change else ""
        return f"Every container instance runs exactly one task of '{self.service}'{later}"


REQUIREMENTS = (OnePerInstance,)
