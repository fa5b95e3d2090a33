"""Every requirement kind a scenario may state, gathered into one discriminated union.

Each area keeps its requirement kinds in its own module and lists them in REQUIREMENTS.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from . import (
    audit,
    capacity,
    compute,
    deployments,
    eks,
    eks_roles,
    health,
    iam,
    loadbalancing,
    network,
    placement_goals,
    registry,
    scaling,
    spare_capacity,
    storage,
    storage_choices,
    tls,
)
from .base import Deploys

REQUIREMENT_TYPES: tuple[type, ...] = (
    Deploys,
    *compute.REQUIREMENTS,
    *iam.REQUIREMENTS,
    *network.REQUIREMENTS,
    *loadbalancing.REQUIREMENTS,
    *storage.REQUIREMENTS,
    *scaling.REQUIREMENTS,
    *capacity.REQUIREMENTS,
    *registry.REQUIREMENTS,
    *eks.REQUIREMENTS,
    *deployments.REQUIREMENTS,
    *placement_goals.REQUIREMENTS,
    *tls.REQUIREMENTS,
    *health.REQUIREMENTS,
    *spare_capacity.REQUIREMENTS,
    *storage_choices.REQUIREMENTS,
    *audit.REQUIREMENTS,
    *eks_roles.REQUIREMENTS,
)

Requirement = Annotated[Union[REQUIREMENT_TYPES], Field(discriminator="kind")]  # noqa: UP007
