"""Requirement kinds about load balancer health checks: the targets' answers count as healthy."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class TargetsHealthy:
    """The answer the tasks give to the target group's health check is one of its success codes."""

    kind: Literal["targets_healthy"] = key("Requirement kind.", "targets_healthy")
    target_group: str = key("Target group name.", "orders-grpc", default="")
    answers: int = key("Situation: the status code a healthy task returns to the health check (gRPC 0-99 or HTTP).", 0,
                       default=200, ge=0, le=599)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Healthy tasks of target group '{self.target_group}' (answering {self.answers}) pass its health check"


REQUIREMENTS = (TargetsHealthy,)
