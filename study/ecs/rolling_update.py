"""The arithmetic of a rolling update: how many tasks stay, how many may run, whether it can move at all.

Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html (checked 2026-12-06):
minimumHealthyPercent is a lower limit on RUNNING tasks, a percentage of desiredCount rounded up;
maximumPercent an upper limit on RUNNING or PENDING tasks, rounded down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .vocab.compute import DeploymentController, Service


@dataclass(frozen=True)
class RollingWindow:
    """The bounds a rolling update keeps between, for one service."""

    desired: int
    lower: int
    upper: int

    @property
    def start_first(self) -> int:
        """New tasks the scheduler may start before it stops any old one."""
        return max(0, self.upper - self.desired)

    @property
    def stop_first(self) -> int:
        """Old tasks the scheduler may stop before it starts any new one."""
        return max(0, self.desired - self.lower)

    def describe(self) -> str:
        """'desired 4, at least 2 running (50% rounded up), at most 4 (100% rounded down)'."""
        return f"desired {self.desired}: at least {self.lower} RUNNING, at most {self.upper} RUNNING or PENDING"


def rolling_window(service: Service) -> RollingWindow:
    """The lower and upper bounds of the service's rolling update."""
    config, desired = service.deployment, service.desired_count
    lower = math.ceil(desired * config.minimum_healthy_percent / 100)
    upper = math.floor(desired * config.maximum_percent / 100)
    return RollingWindow(desired, lower, upper)


def is_blue_green(service: Service) -> bool:
    """CodeDeploy blue/green starts a whole replacement task set before traffic moves."""
    return service.deployment.controller is DeploymentController.CODE_DEPLOY
