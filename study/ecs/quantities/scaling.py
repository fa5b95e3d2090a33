"""Quantities from the Service Auto Scaling simulation."""

from __future__ import annotations

from ..observe import QuantityKind

QUANTITIES: dict[str, QuantityKind] = {}
