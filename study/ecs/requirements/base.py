"""The requirement every scenario carries: the design registers, launches and runs."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class Deploys:
    """Implicit in every scenario; validity rules (task sizes, supported features) judge it."""

    kind: Literal["deploys"] = key("Requirement kind.", "deploys", default="deploys")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return "The design is accepted, its tasks launch and keep running"
