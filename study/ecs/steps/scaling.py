"""Deployment step: run the Service Auto Scaling timeline for every service with a scalable target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..scaling_sim import ScalingRun, simulate_service

if TYPE_CHECKING:
    from ..deploy import Deployment


@dataclass(frozen=True)
class ServiceScaling:
    """The simulated desired count of each scaled service over its load timeline."""

    runs: dict[str, ScalingRun] = field(default_factory=dict)

    def of(self, service: str) -> ScalingRun | None:
        """The run of one service, None when it has no scalable target."""
        return self.runs.get(service)


def simulate(deployment: Deployment) -> ServiceScaling:
    """Run the Service Auto Scaling timeline for services with a scalable target."""
    runs = {name: simulate_service(s.auto_scaling, s.load, s.desired_count)
            for name, s in deployment.design.services.items() if s.auto_scaling is not None}
    return ServiceScaling(runs)
