"""Deployment step: Resolve which identity each actor of each task uses (agent, application, mount client)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..deploy import Deployment


def resolve(deployment: Deployment) -> Any:
    """Resolve which identity each actor of each task uses (agent, application, mount client)."""
    return None
