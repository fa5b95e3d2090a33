"""Requirement kinds that pick a storage option: sharing inside one task, and EFS modes for a load."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class ShareWithinTask:
    """Containers of one task share a directory, with the simplest volume that does it (no network storage)."""

    kind: Literal["share_within_task"] = key("Requirement kind.", "share_within_task")
    task_definition: str = key("Task definition name.", "web", default="")
    containers: list[str] = key("Containers that must see the same files.", ["app", "nginx"], default=[])

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Containers {', '.join(self.containers)} of '{self.task_definition}' share a directory, in the simplest way"


@dataclass(config=STRICT)
class EfsSuitsLoad:
    """An EFS file system's throughput and performance modes suit the load it serves."""

    kind: Literal["efs_suits_load"] = key("Requirement kind.", "efs_suits_load")
    file_system: str = key("File system name.", "media", default="")
    load: str = key("spiky (unpredictable bursts, low average) or steady (known, sustained throughput).", "spiky",
                    default="spiky", pattern="^(spiky|steady)$")
    latency_sensitive: bool = key("Small, latency-sensitive operations (web serving, home directories).", True, default=True)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        latency = ", with low latency" if self.latency_sensitive else ""
        return f"File system '{self.file_system}' suits a {self.load} load{latency}"


REQUIREMENTS = (ShareWithinTask, EfsSuitsLoad)
