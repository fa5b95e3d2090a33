"""Requirement kinds about service deployments: capacity while tasks are replaced, and rollback."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class DeployProceeds:
    """A new revision can replace the running tasks within the room the cluster has for extra tasks."""

    kind: Literal["deploy_proceeds"] = key("Requirement kind.", "deploy_proceeds")
    service: str = key("Service name.", "web", default="")
    extra_room: int | None = key("Situation: extra tasks the capacity can hold beyond the desired count (empty: no limit, as on Fargate).",
                                 0, default=None, ge=0)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        room = "" if self.extra_room is None else f" with room for {self.extra_room} extra task(s)"
        return f"A deployment of '{self.service}' can replace its tasks{room}"


@dataclass(config=STRICT)
class DeployKeepsRunning:
    """At least a number of tasks keep serving while a deployment replaces them."""

    kind: Literal["deploy_keeps_running"] = key("Requirement kind.", "deploy_keeps_running")
    service: str = key("Service name.", "web", default="")
    at_least: int = key("Tasks that must stay RUNNING throughout.", 4, default=1, ge=0)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"At least {self.at_least} task(s) of '{self.service}' keep running during a deployment"


@dataclass(config=STRICT)
class DeployRollsBack:
    """A revision whose tasks never become healthy does not replace the working one for good."""

    kind: Literal["deploy_rolls_back"] = key("Requirement kind.", "deploy_rolls_back")
    service: str = key("Service name.", "web", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"A failed deployment of '{self.service}' returns to the last working revision by itself"


REQUIREMENTS = (DeployProceeds, DeployKeepsRunning, DeployRollsBack)
