"""Daemon rules: one task on every container instance, now and on instances added later."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.placement_goals import OnePerInstance
from ..rule import Rule
from ..vocab.compute import SchedulingStrategy
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)


def _one_on_each(dep: Deployment, req: OnePerInstance) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None:
        return
    per_instance = Counter(t.instance for t in dep.tasks_of(req.service) if t.instance)
    registered = [i.id for i in dep.instances if i.registered]
    missing = [i for i in registered if per_instance[i] == 0]
    stacked = sorted(i for i, n in per_instance.items() if n > 1)
    if stacked:
        yield Breach(f"Instances {', '.join(stacked)} run more than one task of '{req.service}': the REPLICA scheduler spreads "
                     "tasks across Availability Zones, not one per instance, unless distinctInstance forbids sharing.",
                     f"services.{req.service}.placement_constraints", Stage.REQUIREMENT)
    if missing:
        yield Breach(f"{len(missing)} of {len(registered)} container instances run no task of '{req.service}' "
                     f"({', '.join(missing)}): its desired count is {service.desired_count}.",
                     f"services.{req.service}.desired_count", Stage.REQUIREMENT)


def _follows_instances(dep: Deployment, req: OnePerInstance) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None or not req.as_instances_change or service.scheduling_strategy is SchedulingStrategy.DAEMON:
        return
    yield Breach(f"'{req.service}' is a REPLICA service with a fixed desired count of {service.desired_count}: when the cluster "
                 "adds an instance nothing starts a task there. The DAEMON strategy places one task on every active "
                 "instance, including new ones, by itself.", f"services.{req.service}.scheduling_strategy", Stage.REQUIREMENT)


ONE_ON_EACH = Rule(
    id="DMN01",
    title="One task per instance needs DAEMON, or distinctInstance with a count equal to the instances",
    description=("The REPLICA scheduler places the desired count across Availability Zones and may put several tasks on one "
                 "instance. distinctInstance keeps them apart, but only a desired count equal to the number of instances "
                 "covers every one; the DAEMON strategy runs exactly one task on each active container instance."),
    source=DOCS + "ecs_services.html",
    source_checked=CHECKED,
    taught_in="launch-types#daemon",
    requirement=OnePerInstance,
    check=_one_on_each,
)

FOLLOWS_INSTANCES = Rule(
    id="DMN02",
    title="Only DAEMON follows instances the cluster adds later",
    description=("A DAEMON service starts a task on each container instance that joins the cluster and needs no desired count, "
                 "placement strategy or auto scaling; a REPLICA service keeps its count whatever the instances do."),
    source=DOCS + "ecs_services.html",
    source_checked=CHECKED,
    taught_in="launch-types#daemon",
    requirement=OnePerInstance,
    check=_follows_instances,
)

RULES = (ONE_ON_EACH, FOLLOWS_INSTANCES)
