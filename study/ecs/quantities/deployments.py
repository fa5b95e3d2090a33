"""Quantities about a rolling update: the fewest and the most tasks while a deployment replaces them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..observe import Observation, QuantityError, QuantityKind
from ..rolling_update import is_blue_green, rolling_window

if TYPE_CHECKING:
    from ..deploy import Deployment
    from ..scenario import Quantity


def _service(deployment: Deployment, ask: Quantity):
    service = deployment.design.services.get(ask.of or "")
    if service is None:
        raise QuantityError(f"'{ask.quantity}' needs `of` naming a service; got '{ask.of}'")
    return service


def _fewest(deployment: Deployment, ask: Quantity) -> Observation:
    service = _service(deployment, ask)
    if is_blue_green(service):
        return Observation(service.desired_count, "blue/green keeps the original task set serving until traffic moves", "DEP02")
    window = rolling_window(service)
    return Observation(window.lower, f"{service.deployment.minimum_healthy_percent}% of {window.desired} rounded up "
                                     f"is {window.lower}", "DEP02")


def _most(deployment: Deployment, ask: Quantity) -> Observation:
    service = _service(deployment, ask)
    if is_blue_green(service):
        return Observation(2 * service.desired_count, "blue/green runs a full replacement task set beside the original", "DEP01")
    window = rolling_window(service)
    return Observation(window.upper, f"{service.deployment.maximum_percent}% of {window.desired} rounded down "
                                     f"is {window.upper}", "DEP01")


QUANTITIES = {
    "deploy_min_running": QuantityKind(
        "deploy_min_running", "Fewest tasks of a service kept RUNNING while a deployment replaces them.",
        {"quantity": "deploy_min_running", "of": "web"}, _fewest,
        "the fewest tasks of service {of} kept running during a deployment"),
    "deploy_max_running": QuantityKind(
        "deploy_max_running", "Most tasks of a service RUNNING or PENDING at once during a deployment.",
        {"quantity": "deploy_max_running", "of": "web"}, _most,
        "the most tasks of service {of} running or pending during a deployment"),
}
