"""Deployment step: Attach volumes to tasks: what each task mounts, how long it lives and who shares it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..deploy import Deployment


def attach(deployment: Deployment) -> Any:
    """Attach volumes to tasks: what each task mounts, how long it lives and who shares it."""
    return None
