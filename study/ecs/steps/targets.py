"""Deployment step: Register tasks with target groups and resolve listener routing and health checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..deploy import Deployment


def register(deployment: Deployment) -> Any:
    """Register tasks with target groups and resolve listener routing and health checks."""
    return None
