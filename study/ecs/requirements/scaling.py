"""Requirement kinds about Service Auto Scaling: what rises makes tasks, peaks are reached, lulls give back."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key
from ..vocab.scaling import CLOCK_SCHEMA, TimeOfDay


@dataclass(config=STRICT)
class ScalesOn:
    """The service adds tasks when a metric rises."""

    kind: Literal["scales_on"] = key("Requirement kind.", "scales_on")
    of: str = key("Service name.", "web", default="")
    metric: str = key("Metric whose rise must add tasks.", "ECSServiceAverageCPUUtilization", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Service '{self.of}' adds tasks when {self.metric} rises"


@dataclass(config=STRICT)
class Reaches:
    """The service runs at least a number of tasks by a time of its load timeline (or once settled)."""

    kind: Literal["reaches"] = key("Requirement kind.", "reaches")
    of: str = key("Service name.", "web", default="")
    tasks: int = key("Tasks the service must reach.", 30, default=1, ge=0)
    by: TimeOfDay | None = key("Time of day (HH:MM or HH:MM:SS) in the load timeline; empty means once the load has settled.", "10:30", default=None, json_schema_extra=CLOCK_SCHEMA)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        when = f"by {self.by}" if self.by else "under the load"
        return f"Service '{self.of}' runs at least {self.tasks} tasks {when}"


@dataclass(config=STRICT)
class ScalesIn:
    """When the load falls, the service gives tasks back."""

    kind: Literal["scales_in"] = key("Requirement kind.", "scales_in")
    of: str = key("Service name.", "web", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Service '{self.of}' removes tasks it no longer needs when the load falls"


REQUIREMENTS = (ScalesOn, Reaches, ScalesIn)
