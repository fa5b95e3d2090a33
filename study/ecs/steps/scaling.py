"""Deployment step: Run the Service Auto Scaling timeline for services with a scalable target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..deploy import Deployment


def simulate(deployment: Deployment) -> Any:
    """Run the Service Auto Scaling timeline for services with a scalable target."""
    return None
