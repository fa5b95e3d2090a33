"""Every quantity the model can compute, gathered from each area."""

from __future__ import annotations

from ..observe import QuantityKind
from . import capacity, deployments, scaling, storage

QUANTITIES: dict[str, QuantityKind] = {
    **capacity.QUANTITIES,
    **scaling.QUANTITIES,
    **storage.QUANTITIES,
    **deployments.QUANTITIES,
}
