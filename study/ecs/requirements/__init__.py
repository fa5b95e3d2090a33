"""Every requirement kind a scenario may state, gathered into one discriminated union.

Each area keeps its requirement kinds in its own module and lists them in REQUIREMENTS.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from . import compute
from .base import Deploys

REQUIREMENT_TYPES: tuple[type, ...] = (
    Deploys,
    *compute.REQUIREMENTS,
)

Requirement = Annotated[Union[REQUIREMENT_TYPES], Field(discriminator="kind")]  # noqa: UP007
