"""Requirement kinds about auditing: AWS CloudTrail can tell which task made a call."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class CallsTraceableToTask:
    """AWS CloudTrail records each application call of the service with a session that names the task."""

    kind: Literal["calls_traceable_to_task"] = key("Requirement kind.", "calls_traceable_to_task")
    service: str = key("Service or standalone task name.", "payments", default="")
    container: str | None = key("Container whose calls are audited (the first one when empty).", "api", default=None)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"CloudTrail shows which task of '{self.service}' made each call"


REQUIREMENTS = (CallsTraceableToTask,)
