"""Deployment rules: the rolling update window, rollback, and what only a rolling update offers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.deployments import DeployKeepsRunning, DeployProceeds, DeployRollsBack
from ..rolling_update import is_blue_green, rolling_window
from ..rule import Rule
from ..vocab.compute import DeploymentController
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)


def _proceeds(dep: Deployment, req: DeployProceeds) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None:
        return
    if is_blue_green(service):
        if req.extra_room is not None and req.extra_room < service.desired_count:
            yield Breach(f"Blue/green starts a full replacement set of {service.desired_count} task(s) beside the original, but the "
                         f"capacity has room for {req.extra_room} extra.", f"services.{req.service}.deployment.controller",
                         Stage.REQUIREMENT)
        return
    window = rolling_window(service)
    room = window.start_first if req.extra_room is None else min(window.start_first, req.extra_room)
    if room == 0 and window.stop_first == 0:
        why = ("maximumPercent allows no task above the desired count" if window.start_first == 0
               else f"the capacity has room for no extra task, though maximumPercent would allow {window.start_first}")
        yield Breach(f"The rolling update of '{req.service}' cannot move ({window.describe()}): {why}, and "
                     f"minimumHealthyPercent {service.deployment.minimum_healthy_percent} lets it stop no old task first.",
                     f"services.{req.service}.deployment", Stage.REQUIREMENT)


def _keeps_running(dep: Deployment, req: DeployKeepsRunning) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None:
        return
    if is_blue_green(service):
        fewest, why = service.desired_count, "blue/green keeps the original task set until traffic moves"
    else:
        window = rolling_window(service)
        fewest, why = window.lower, f"{window.describe()}, so the scheduler may stop {window.stop_first} old task(s) first"
    if fewest < req.at_least:
        yield Breach(f"During a deployment '{req.service}' may drop to {fewest} running task(s), fewer than {req.at_least}: {why}.",
                     f"services.{req.service}.deployment.minimum_healthy_percent", Stage.REQUIREMENT)


def _rolls_back(dep: Deployment, req: DeployRollsBack) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None or is_blue_green(service):
        return
    config = service.deployment
    if config.controller is DeploymentController.EXTERNAL:
        yield Breach(f"'{req.service}' uses the EXTERNAL controller: ECS leaves deployments, and their rollback, to your tool.",
                     f"services.{req.service}.deployment.controller", Stage.REQUIREMENT)
    elif not (config.circuit_breaker and config.rollback):
        missing = "the deployment circuit breaker" if not config.circuit_breaker else "the circuit breaker's rollback option"
        yield Breach(f"The rolling update of '{req.service}' has no {missing}: a revision whose tasks keep failing "
                     "is retried without end instead of being rolled back.", f"services.{req.service}.deployment", Stage.REQUIREMENT)


def _breaker_needs_rolling_update(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        config = service.deployment
        if config.circuit_breaker and config.controller is not DeploymentController.ECS:
            yield Breach(f"Service '{name}' turns on the deployment circuit breaker with the {config.controller.value} "
                         "controller; the circuit breaker exists only for the rolling update (ECS) controller.",
                         f"services.{name}.deployment.circuit_breaker", Stage.REGISTER)


ROLLING_WINDOW = Rule(
    id="DEP01",
    title="A rolling update moves only when it may start a task above, or stop one below, the desired count",
    description=("maximumPercent (rounded down) caps RUNNING plus PENDING tasks and minimumHealthyPercent (rounded up) keeps a floor "
                 "of RUNNING ones. With both at 100, or with no room on the instances for an extra task and a floor at 100, the "
                 "scheduler can neither add a new task nor stop an old one."),
    source=DOCS + "deployment-type-ecs.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#deployments",
    requirement=DeployProceeds,
    check=_proceeds,
)

HEALTHY_FLOOR = Rule(
    id="DEP02",
    title="minimumHealthyPercent is the floor of running tasks during a rolling update",
    description=("The scheduler may stop old tasks down to minimumHealthyPercent of the desired count (rounded up) before new ones "
                 "run. Blue/green with CodeDeploy keeps the whole original task set serving until traffic moves."),
    source=DOCS + "deployment-type-ecs.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#deployments",
    requirement=DeployKeepsRunning,
    check=_keeps_running,
)

ROLLBACK = Rule(
    id="DEP03",
    title="Automatic rollback needs the circuit breaker with rollback, or blue/green",
    description=("A rolling update whose new tasks keep failing is stopped by the deployment circuit breaker, and its rollback "
                 "option returns the service to the last completed deployment. Blue/green moves traffic only to a healthy "
                 "replacement task set."),
    source=DOCS + "deployment-circuit-breaker.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#deployments",
    requirement=DeployRollsBack,
    check=_rolls_back,
)

BREAKER_NEEDS_ROLLING_UPDATE = Rule(
    id="DEP04",
    title="The deployment circuit breaker exists only for rolling updates",
    description="The circuit breaker belongs to the ECS (rolling update) deployment controller, not to CODE_DEPLOY or EXTERNAL.",
    source=DOCS + "deployment-circuit-breaker.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#deployments",
    requirement=Deploys,
    check=_breaker_needs_rolling_update,
)

RULES = (ROLLING_WINDOW, HEALTHY_FLOOR, ROLLBACK, BREAKER_NEEDS_ROLLING_UPDATE)
