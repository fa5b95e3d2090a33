"""Requirement kinds about the network path of the calls tasks make."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class TrafficPrivate:
    """No AWS call the tasks make (agent or application) leaves the VPC through a NAT or internet gateway."""

    kind: Literal["traffic_private"] = key("Requirement kind.", "traffic_private")
    of: str = key("Service or standalone task name.", "orders", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Every AWS call of '{self.of}' stays on private paths (VPC endpoints, no NAT or internet gateway)"


REQUIREMENTS = (TrafficPrivate,)
