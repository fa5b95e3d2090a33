"""Capacity provider rules: strategies, managed scaling and what it counts, termination and Spot protection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..placement import FARGATE_PROVIDERS, capacity_request
from ..requirements.base import Deploys
from ..requirements.capacity import (
    BusyInstancesProtected,
    CapacityFollowsTasks,
    Uninterrupted,
)
from ..rule import Rule
from ..scaling_sim.instances import group_for, owner_spec
from ._deployment_views import DOCS, capacity_strategies


def _no_mixed_strategy(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for where, strategy in capacity_strategies(dep):
        fargate = [i.provider for i in strategy if i.provider in FARGATE_PROVIDERS]
        groups = [i.provider for i in strategy if i.provider not in FARGATE_PROVIDERS]
        if fargate and groups:
            yield Breach(f"The strategy at {where} mixes Fargate providers ({', '.join(fargate)}) with Auto Scaling group "
                         f"providers ({', '.join(groups)}); a strategy may hold one kind or the other, not both.",
                         where, Stage.REGISTER)


def _fargate_has_no_settings(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cp in dep.design.cluster.capacity_providers.items():
        if name in FARGATE_PROVIDERS or cp.auto_scaling_group is None:
            yield Breach(f"Capacity provider '{name}' has no Auto Scaling group: FARGATE and FARGATE_SPOT are reserved "
                         "providers you only associate with a cluster, and managed scaling settings such as "
                         f"targetCapacity {cp.target_capacity} exist only on Auto Scaling group providers.",
                         f"cluster.capacity_providers.{name}", Stage.REGISTER)


def _unplaced(dep: Deployment, owner: str) -> list:
    return [t for t in dep.tasks_of(owner) if t.state.value != "RUNNING"]


def _managed_providers(dep: Deployment) -> list[str]:
    return [n for n, cp in dep.design.cluster.capacity_providers.items() if cp.managed_scaling and cp.auto_scaling_group]


def _launch_type_ignored(dep: Deployment, req: CapacityFollowsTasks) -> Iterator[Breach]:
    spec, waiting = owner_spec(dep.design, req.of), _unplaced(dep, req.of)
    if spec is None or spec.launch_type is None or not waiting or not _managed_providers(dep):
        return
    yield Breach(f"'{req.of}' is started with launchType {spec.launch_type.value}, so managed scaling of "
                 f"{', '.join(_managed_providers(dep))} ignores it: {len(waiting)} task(s) find no instance and none is "
                 "added. Use a capacity provider strategy (or omit the launch type to get the cluster default).",
                 f"{'services' if req.of in dep.design.services else 'tasks'}.{req.of}.launch_type", Stage.LAUNCH)


def _stops_at_max_size(dep: Deployment, req: CapacityFollowsTasks) -> Iterator[Breach]:
    choice, waiting = group_for(dep.design, req.of), _unplaced(dep, req.of)
    if choice is None or choice.capacity_provider is None or not choice.capacity_provider.managed_scaling or not waiting:
        return
    group = dep.design.cluster.auto_scaling_groups[choice.group]
    yield Breach(f"Managed scaling grew group '{choice.group}' to its MaxSize {group.max_size} and ECS never raises "
                 f"MaxSize, so {len(waiting)} task(s) of '{req.of}' stay in PROVISIONING.",
                 f"cluster.auto_scaling_groups.{choice.group}.max_size", Stage.LAUNCH)


def _needs_managed_scaling(dep: Deployment, req: CapacityFollowsTasks) -> Iterator[Breach]:
    spec, waiting = owner_spec(dep.design, req.of), _unplaced(dep, req.of)
    if spec is None or not waiting:
        return
    request = capacity_request(dep.design, spec.launch_type, spec.capacity_provider_strategy)
    if request.uses_strategy:
        unmanaged = [i.provider for i in request.strategy
                     if (cp := dep.design.cluster.capacity_providers.get(i.provider)) and not cp.managed_scaling]
        if unmanaged:
            yield Breach(f"Capacity provider {', '.join(unmanaged)} has managed scaling off, so its group does not grow "
                         f"for the {len(waiting)} waiting task(s) of '{req.of}'.",
                         f"cluster.capacity_providers.{unmanaged[0]}.managed_scaling", Stage.LAUNCH)
    elif not _managed_providers(dep):
        policies = [p.metric for g in dep.design.cluster.auto_scaling_groups.values() for p in g.scaling_policies]
        extra = (f"; the group's own policy on {', '.join(policies)} reacts to load on running instances, not to tasks "
                 "waiting for one") if policies else ""
        yield Breach(f"No capacity provider with managed scaling serves '{req.of}', so nothing adds instances for its "
                     f"{len(waiting)} waiting task(s){extra}.", "cluster.capacity_providers", Stage.LAUNCH)


def _busy_instances_protected(dep: Deployment, req: BusyInstancesProtected) -> Iterator[Breach]:
    cp = dep.design.cluster.capacity_providers.get(req.provider)
    where = f"cluster.capacity_providers.{req.provider}"
    if cp is None:
        yield Breach(f"Capacity provider '{req.provider}' does not exist.", where, Stage.REQUIREMENT)
    elif not cp.managed_termination_protection:
        yield Breach(f"Capacity provider '{req.provider}' has managed termination protection off, so a scale-in of "
                     f"group '{cp.auto_scaling_group}' may terminate instances that still run tasks.",
                     f"{where}.managed_termination_protection", Stage.RUN)
    elif not cp.managed_scaling:
        yield Breach(f"Capacity provider '{req.provider}' has managed termination protection on but managed scaling off; "
                     "the protection works only together with managed scaling.", f"{where}.managed_scaling", Stage.RUN)


def _spot_can_be_reclaimed(dep: Deployment, req: Uninterrupted) -> Iterator[Breach]:
    spot = [t for t in dep.tasks_of(req.of) if t.provider == "FARGATE_SPOT"]
    if not spot:
        return
    service = dep.design.services.get(req.of)
    extra = (" Task scale-in protection is on, but it only keeps Service Auto Scaling scale-in and deployments from "
             "stopping these tasks; it does not cover Spot interruptions.") if service is not None and service.scale_in_protected else ""
    yield Breach(f"{len(spot)} task(s) of '{req.of}' run on FARGATE_SPOT, which AWS may reclaim with a two-minute "
                 f"warning.{extra}", f"services.{req.of}.capacity_provider_strategy", Stage.RUN)


CP = DOCS
NO_MIXED_STRATEGY = Rule(
    id="CP01",
    title="A strategy holds Fargate providers or Auto Scaling group providers, not both",
    description=("A capacity provider strategy may list FARGATE and FARGATE_SPOT, or Auto Scaling group capacity providers, but never "
                 "a mix; the cluster itself may have both kinds associated."),
    source=CP + "cluster-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#capacity-providers",
    requirement=Deploys,
    check=_no_mixed_strategy,
)

FARGATE_HAS_NO_SETTINGS = Rule(
    id="CP02",
    title="Fargate providers have no managed scaling settings",
    description=("FARGATE and FARGATE_SPOT are reserved providers; targetCapacity, step sizes and termination protection belong to "
                 "Auto Scaling group capacity providers, because only they have instances to scale."),
    source=CP + "fargate-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#fargate",
    requirement=Deploys,
    check=_fargate_has_no_settings,
)

LAUNCH_TYPE_IGNORED = Rule(
    id="CP03",
    title="Managed scaling counts only tasks that use a capacity provider strategy",
    description=("A task started with an explicit launch type is ignored by capacity providers: managed scaling adds no instance "
                 "for it, so with no free instance it is never placed."),
    source=CP + "managed-scaling-behavior.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#managed-scaling",
    requirement=CapacityFollowsTasks,
    check=_launch_type_ignored,
)

STOPS_AT_MAX_SIZE = Rule(
    id="CP04",
    title="Managed scaling never goes past the group's MaxSize",
    description=("Managed scaling adds instances inside the Auto Scaling group's own MinSize and MaxSize and never changes them; "
                 "tasks that still find no instance stay in PROVISIONING."),
    source=CP + "asg-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#managed-scaling",
    requirement=CapacityFollowsTasks,
    check=_stops_at_max_size,
)

NEEDS_MANAGED_SCALING = Rule(
    id="CP05",
    title="Instances follow tasks only with managed scaling",
    description=("Cluster auto scaling sizes the group from the tasks: ceil(tasks / tasks per instance) instances, scaled by "
                 "100 / targetCapacity. Without managed scaling nothing adds instances for waiting tasks."),
    source=CP + "cluster-auto-scaling.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#managed-scaling",
    requirement=CapacityFollowsTasks,
    check=_needs_managed_scaling,
)

BUSY_INSTANCES_PROTECTED = Rule(
    id="CP06",
    title="Managed termination protection keeps busy instances, with managed scaling",
    description=("With managed termination protection (and managed scaling, which it needs) ECS lets a scale-in terminate only "
                 "instances that run no non-daemon tasks."),
    source=CP + "cluster-auto-scaling.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#managed-scaling",
    requirement=BusyInstancesProtected,
    check=_busy_instances_protected,
)

SPOT_CAN_BE_RECLAIMED = Rule(
    id="CP07",
    title="Scale-in protection does not cover Spot interruptions",
    description=("Fargate Spot tasks can be reclaimed with a two-minute warning; task scale-in protection only keeps scale-in by "
                 "Service Auto Scaling and deployments from stopping a task."),
    source=CP + "fargate-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#capacity-providers",
    requirement=Uninterrupted,
    check=_spot_can_be_reclaimed,
)

RULES: tuple[Rule, ...] = (NO_MIXED_STRATEGY, FARGATE_HAS_NO_SETTINGS, LAUNCH_TYPE_IGNORED, STOPS_AT_MAX_SIZE,
                           NEEDS_MANAGED_SCALING, BUSY_INSTANCES_PROTECTED, SPOT_CAN_BE_RECLAIMED)
