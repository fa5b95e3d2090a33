"""Requirement kinds about capacity kept free ahead of demand."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class SpareCapacity:
    """A capacity provider keeps spare instances running, so new tasks start without waiting for an instance to boot."""

    kind: Literal["spare_capacity"] = key("Requirement kind.", "spare_capacity")
    provider: str = key("Capacity provider name.", "web-cp", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Capacity provider '{self.provider}' keeps spare instances ready for new tasks"


REQUIREMENTS = (SpareCapacity,)
