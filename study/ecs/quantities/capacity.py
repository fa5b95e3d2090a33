"""Quantities about capacity: tasks that cannot be placed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..observe import Observation, QuantityKind

if TYPE_CHECKING:
    from ..deploy import Deployment
    from ..scenario import Quantity


def _provisioning_tasks(deployment: Deployment, ask: Quantity) -> Observation:
    tasks = deployment.tasks_of(ask.of) if ask.of else list(deployment.tasks)
    stuck = [t for t in tasks if t.state.value == "PROVISIONING"]
    placed = [t for t in tasks if t.state.value == "RUNNING"]
    working = f"{len(placed)} of {len(tasks)} tasks found capacity; {len(stuck)} wait in PROVISIONING"
    return Observation(len(stuck), working, "LT02")


QUANTITIES: dict[str, QuantityKind] = {
    "provisioning_tasks": QuantityKind(
        "provisioning_tasks", "Tasks of a service (or all) that cannot get capacity and stay in PROVISIONING.",
        {"quantity": "provisioning_tasks", "of": "web"}, _provisioning_tasks),
}
