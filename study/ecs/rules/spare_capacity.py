"""Spare capacity rules: managed scaling with a target capacity below 100 keeps instances free for new tasks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.spare_capacity import SpareCapacity
from ..rule import Rule
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)


def _managed(dep: Deployment, req: SpareCapacity) -> Iterator[Breach]:
    provider = dep.design.cluster.capacity_providers.get(req.provider)
    if provider is not None and not provider.managed_scaling:
        yield Breach(f"Capacity provider '{req.provider}' has managed scaling off, so ECS never sizes its Auto Scaling group "
                     "and targetCapacity has no effect; the group keeps whatever count it has.",
                     f"cluster.capacity_providers.{req.provider}.managed_scaling", Stage.REQUIREMENT)


def _below_full(dep: Deployment, req: SpareCapacity) -> Iterator[Breach]:
    provider = dep.design.cluster.capacity_providers.get(req.provider)
    if provider is not None and provider.managed_scaling and provider.target_capacity >= 100:
        yield Breach(f"Capacity provider '{req.provider}' has targetCapacity {provider.target_capacity}: managed scaling keeps the "
                     "instances fully used and scales in any instance without tasks, so each new task that does not fit waits "
                     "for an instance to launch. A target below 100 (for example 80) keeps spare instances running.",
                     f"cluster.capacity_providers.{req.provider}.target_capacity", Stage.REQUIREMENT)


MANAGED = Rule(
    id="SPR01",
    title="Only managed scaling acts on targetCapacity",
    description=("targetCapacity is the target of the scaling policy that managed scaling creates on the Auto Scaling group; "
                 "with managed scaling off, ECS neither adds nor removes instances for the provider."),
    source=DOCS + "cluster-auto-scaling.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#spare-capacity",
    requirement=SpareCapacity,
    check=_managed,
)

BELOW_FULL = Rule(
    id="SPR02",
    title="A targetCapacity below 100 keeps spare instances",
    description=("Managed scaling tracks CapacityProviderReservation, the instances needed as a percentage of those running. At 100 "
                 "it keeps no empty instance; at 80 it runs about 100/80 of the instances the tasks need, so new tasks start at "
                 "once on the spare ones."),
    source=DOCS + "cluster-auto-scaling.html",
    source_checked=CHECKED,
    taught_in="auto-scaling#spare-capacity",
    requirement=SpareCapacity,
    check=_below_full,
)

RULES = (MANAGED, BELOW_FULL)
