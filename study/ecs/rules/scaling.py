"""Service Auto Scaling rules: valid scalable targets and policies, and what the simulated timeline shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.scaling import Reaches, ScalesIn, ScalesOn
from ..rule import Rule
from ..scaling_sim import clamp, number, seconds_of, tasks_needed
from ..scaling_sim.arithmetic import CLEARLY_BELOW
from ..vocab.scaling import AdjustmentType, Comparison, PredefinedMetric, ScalableTarget, StepScaling

AAS = "https://docs.aws.amazon.com/autoscaling/application/"
ECS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"


def _scaled(dep: Deployment) -> Iterator[tuple[str, str, ScalableTarget]]:
    for kind, owners in (("services", dep.design.services), ("tasks", dep.design.tasks)):
        for name, spec in owners.items():
            if spec.auto_scaling is not None:
                yield f"{kind}.{name}.auto_scaling", name, spec.auto_scaling


def _bounds_valid(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for where, name, target in _scaled(dep):
        if target.min_capacity > target.max_capacity:
            yield Breach(f"The scalable target of '{name}' has MinCapacity {target.min_capacity} above MaxCapacity "
                         f"{target.max_capacity}; RegisterScalableTarget rejects it.", f"{where}.min_capacity", Stage.REGISTER)
            continue
        low, high = target.min_capacity, target.max_capacity
        ordered = sorted(enumerate(target.scheduled), key=lambda p: seconds_of(p[1].at) if p[1].at else 10**6)
        for index, action in ordered:
            low = low if action.min_capacity is None else action.min_capacity
            high = high if action.max_capacity is None else action.max_capacity
            if low > high:
                yield Breach(f"Scheduled action '{action.schedule}' of '{name}' leaves MinCapacity {low} above "
                             f"MaxCapacity {high}; an action must keep MinCapacity at or below MaxCapacity, so set both "
                             "bounds in it.", f"{where}.scheduled.{index}", Stage.REGISTER)


def _alb_label(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        if service.auto_scaling is None:
            continue
        groups = [lb.target_group for lb in service.load_balancers]
        for index, policy in enumerate(service.auto_scaling.target_tracking):
            if policy.metric != PredefinedMetric.ALB_REQUESTS.value:
                continue
            where = f"services.{name}.auto_scaling.target_tracking.{index}.resource_label"
            if policy.resource_label is None:
                yield Breach(f"The ALBRequestCountPerTarget policy of '{name}' has no resource label; the metric needs "
                             "the load balancer and target group it counts requests for.", where, Stage.REGISTER)
            elif policy.resource_label not in groups:
                yield Breach(f"The ALBRequestCountPerTarget policy of '{name}' counts requests of target group "
                             f"'{policy.resource_label}', but the service registers with {groups or 'no target group'}; "
                             "the policy never sees this service's requests.", where, Stage.RUN)


def _step_bound_problems(policy: StepScaling) -> list[str]:
    """Overlaps, gaps and unbounded ends of one policy's step adjustments."""
    inf = float("inf")
    steps = sorted(policy.steps, key=lambda s: -inf if s.lower is None else s.lower)
    problems = [f"[{number(s.lower)}, {number(s.upper)}] has its lower bound at or above its upper bound"
                for s in steps if s.lower is not None and s.upper is not None and s.lower >= s.upper]
    if any(s.lower is None and s.upper is None for s in steps):
        problems.append("a step has neither a lower nor an upper bound")
    if sum(s.lower is None for s in steps) > 1 or sum(s.upper is None for s in steps) > 1:
        problems.append("more than one step is open-ended on the same side")
    if any(s.upper is not None and s.upper > 0 for s in steps) and all(s.upper is not None for s in steps):
        problems.append("a step has a positive upper bound but no step is open-ended upwards")
    if any(s.lower is not None and s.lower < 0 for s in steps) and all(s.lower is not None for s in steps):
        problems.append("a step has a negative lower bound but no step is open-ended downwards")
    for before, after in zip(steps, steps[1:]):
        end = inf if before.upper is None else before.upper
        start = -inf if after.lower is None else after.lower
        if end > start:
            problems.append(f"the step ending at {number(end)} overlaps the step starting at {number(start)}")
        elif end < start:
            problems.append(f"nothing covers breaches from {number(end)} to {number(start)}")
    return problems


def _step_bounds(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for where, name, target in _scaled(dep):
        for index, policy in enumerate(target.step_scaling):
            for problem in _step_bound_problems(policy):
                yield Breach(f"Step scaling policy {index + 1} of '{name}' (alarm on {policy.alarm.metric}): {problem}; "
                             "PutScalingPolicy rejects steps that overlap, leave gaps or are unbounded on both sides.",
                             f"{where}.step_scaling.{index}.steps", Stage.REGISTER)


SAME_MEASURE = {PredefinedMetric.CPU.value: "CPUUtilization", PredefinedMetric.MEMORY.value: "MemoryUtilization"}
"""The predefined ECS metrics are the service averages of AWS/ECS CPUUtilization and MemoryUtilization."""


def _measure(metric: str) -> str:
    return SAME_MEASURE.get(metric, metric)


def _reacts_to_rise(target: ScalableTarget, metric: str) -> bool:
    rising = (Comparison.GE, Comparison.GT)
    return (any(_measure(p.metric) == _measure(metric) for p in target.target_tracking)
            or any(_measure(p.alarm.metric) == _measure(metric) and p.alarm.comparison in rising
                   and (p.adjustment_type is AdjustmentType.EXACT or any(s.adjustment > 0 for s in p.steps))
                   for p in target.step_scaling))


def _task_count_policy(dep: Deployment, req: ScalesOn) -> Iterator[Breach]:
    service = dep.design.services.get(req.of)
    if service is not None and service.auto_scaling is not None and _reacts_to_rise(service.auto_scaling, req.metric):
        return
    group_policies = [f"'{g}' ({', '.join(p.metric for p in group.scaling_policies)})"
                      for g, group in dep.design.cluster.auto_scaling_groups.items() if group.scaling_policies]
    if service is None or service.auto_scaling is None:
        detail = f"service '{req.of}' is not registered with Application Auto Scaling (ecs:service:DesiredCount)"
    else:
        detail = f"no scaling policy of service '{req.of}' adds tasks when {req.metric} rises"
    extra = (f"; the EC2 Auto Scaling policies on group {', '.join(group_policies)} change the number of instances, "
             "never the service's desired count") if group_policies else ""
    yield Breach(f"Nothing adds tasks when {req.metric} rises: {detail}{extra}.", f"services.{req.of}.auto_scaling")


def _max_in_force(target: ScalableTarget, by: str | None) -> int:
    high = target.max_capacity
    timed = sorted((a for a in target.scheduled if a.at), key=lambda a: seconds_of(a.at))
    for action in timed:
        if (by is None or seconds_of(action.at) <= seconds_of(by)) and action.max_capacity is not None:
            high = action.max_capacity
    return high


def _reached(dep: Deployment, req: Reaches) -> tuple[int, int | None]:
    """(count reached, MaxCapacity in force) for the requirement's time; None when not scaled."""
    service = dep.design.services.get(req.of)
    run = dep.scaling.of(req.of) if dep.scaling else None
    if service is None or run is None:
        return (service.desired_count if service else 0), None
    count = run.count_at(seconds_of(req.by)) if req.by else run.final
    return count, _max_in_force(service.auto_scaling, req.by)


def _capped_by_max(dep: Deployment, req: Reaches) -> Iterator[Breach]:
    count, high = _reached(dep, req)
    if high is not None and count < req.tasks and high < req.tasks:
        yield Breach(f"Service '{req.of}' reaches only {count} tasks: MaxCapacity {high} caps every policy below the "
                     f"{req.tasks} tasks needed.", f"services.{req.of}.auto_scaling.max_capacity")


def _policies_fall_short(dep: Deployment, req: Reaches) -> Iterator[Breach]:
    count, high = _reached(dep, req)
    if count >= req.tasks or (high is not None and high < req.tasks):
        return
    run = dep.scaling.of(req.of) if dep.scaling else None
    when = f"by {req.by}" if req.by else "once the load settles"
    if run is None:
        yield Breach(f"Service '{req.of}' has no scalable target, so it stays at its desired count {count}, "
                     f"short of {req.tasks} {when}.", f"services.{req.of}.auto_scaling")
        return
    changes = run.events_until(seconds_of(req.by)) if req.by else list(run.events)
    story = "; ".join(e.working for e in changes) or "no policy acts"
    yield Breach(f"Service '{req.of}' reaches only {count} of the {req.tasks} tasks {when}: {story}.",
                 f"services.{req.of}.auto_scaling")


def _removes_tasks(policy: StepScaling) -> bool:
    """A step policy that can lower the count: a negative step or an exact capacity."""
    return policy.adjustment_type is AdjustmentType.EXACT or any(s.adjustment < 0 for s in policy.steps)


def _silent_metrics(run, target: ScalableTarget) -> list[str]:
    """Metrics of scale-in-enabled target tracking policies that have no data points at all."""
    return [p.metric for p in target.target_tracking if p.scale_in_enabled and p.metric not in run.final_metrics]


def _why_no_scale_in(run, target: ScalableTarget) -> str:
    enabled = [p for p in target.target_tracking if p.scale_in_enabled]
    if not enabled:
        return "every target tracking policy has scale-in disabled"
    holding = [f"{p.metric} at {number(run.final_metrics.get(p.metric, 0))} (target {number(p.target)})"
               for p in enabled if run.final_metrics.get(p.metric, 0) >= CLEARLY_BELOW * p.target]
    if holding:
        return (f"scale-in needs every policy with scale-in enabled to agree, and {', '.join(holding)} is not clearly "
                "below its target")
    return "removing a task would push a tracked metric over its target"


def _gives_tasks_back(dep: Deployment, req: ScalesIn) -> Iterator[Breach]:
    service = dep.design.services.get(req.of)
    run = dep.scaling.of(req.of) if dep.scaling else None
    if service is None or run is None:
        yield Breach(f"Service '{req.of}' has no scalable target, so nothing ever removes its tasks.", f"services.{req.of}")
        return
    target, where = service.auto_scaling, f"services.{req.of}.auto_scaling.target_tracking"
    if not target.target_tracking and not any(_removes_tasks(p) for p in target.step_scaling):
        yield Breach(f"Service '{req.of}' has no scaling policy that removes tasks, so it stays at {run.final} tasks "
                     "however far the load falls.", where, Stage.REQUIREMENT)
        return
    silent = _silent_metrics(run, target)
    if silent and run.final > run.min_capacity:
        yield Breach(f"Service '{req.of}' stays at {run.final} tasks: {', '.join(silent)} has no data points (a load "
                     "balancer publishes no request metrics while no requests flow), and target tracking never scales in "
                     "on insufficient data.", where, Stage.REQUIREMENT)
        return
    needs = [tasks_needed(run.totals[p.metric], p.target) for p in target.target_tracking if p.metric in run.totals]
    if not needs or run.final <= clamp(max(needs), run.min_capacity, run.max_capacity):
        return
    yield Breach(f"Service '{req.of}' stays at {run.final} tasks although the load needs "
                 f"{clamp(max(needs), run.min_capacity, run.max_capacity)}: {_why_no_scale_in(run, target)}.",
                 where, Stage.REQUIREMENT)


def _only_services_scale(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, task in dep.design.tasks.items():
        if task.auto_scaling is not None:
            yield Breach(f"Standalone task '{name}' cannot be registered with Application Auto Scaling: the ECS scalable "
                         "dimension is ecs:service:DesiredCount, so only services have a desired count to scale.",
                         f"tasks.{name}.auto_scaling", Stage.REGISTER)


BOUNDS_VALID = Rule(
    id="AS01",
    title="MinCapacity may not exceed MaxCapacity",
    description=("A scalable target needs MinCapacity <= MaxCapacity, and so does every pair of bounds a scheduled action leaves "
                 "in force (an action that sets only one bound keeps the other)."),
    source=AAS + "APIReference/API_RegisterScalableTarget.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#bounds-and-cooldowns",
    requirement=Deploys,
    check=_bounds_valid,
)

ALB_REQUEST_LABEL = Rule(
    id="AS02",
    title="ALB request count per target needs the service's target group",
    description=("ALBRequestCountPerTarget counts requests per target of one target group, so the policy must carry a resource "
                 "label naming the load balancer and the target group the service registers with."),
    source=AAS + "APIReference/API_PredefinedMetricSpecification.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#target-tracking",
    requirement=Deploys,
    check=_alb_label,
)

STEP_BOUNDS = Rule(
    id="AS03",
    title="Step adjustments may not overlap or leave gaps",
    description=("Step bounds are measured from the alarm threshold; the ranges must neither overlap nor leave gaps, at most one "
                 "step may be open-ended on each side, and no step may leave both bounds empty."),
    source=AAS + "APIReference/API_StepAdjustment.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#step-scaling",
    requirement=Deploys,
    check=_step_bounds,
)

TASK_COUNT_POLICY = Rule(
    id="AS04",
    title="Only Service Auto Scaling changes the number of tasks",
    description=("A service adds tasks only through Application Auto Scaling on ecs:service:DesiredCount with a policy on the "
                 "metric; EC2 Auto Scaling policies on the instances' group change instances, never the desired count."),
    source=ECS + "service-auto-scaling.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#tasks-not-instances",
    requirement=ScalesOn,
    check=_task_count_policy,
)

CAPPED_BY_BOUNDS = Rule(
    id="AS05",
    title="MinCapacity and MaxCapacity bound every policy",
    description=("No policy sets the desired count outside [MinCapacity, MaxCapacity]; a scheduled action changes those bounds and "
                 "moves the count only when it falls outside them (raised to the new minimum, lowered to the new maximum)."),
    source=AAS + "userguide/application-auto-scaling-scheduled-scaling.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#bounds-and-cooldowns",
    requirement=Reaches,
    check=_capped_by_max,
)

GIVES_TASKS_BACK = Rule(
    id="AS06",
    title="Target tracking scales in gradually, and only when every policy agrees",
    description=("Target tracking removes tasks only while the metric is clearly below the target and removing one keeps it at or "
                 "below; with several policies, each one with scale-in enabled must agree, none removes tasks with scale-in disabled, "
                 "and none scales in while its metric has no data points."),
    source=AAS + "userguide/target-tracking-scaling-policy-overview.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#target-tracking",
    requirement=ScalesIn,
    check=_gives_tasks_back,
)

POLICY_ARITHMETIC = Rule(
    id="AS07",
    title="Policies add the capacity their arithmetic gives",
    description=("Target tracking scales out to running tasks x metric / target, rounded up; step scaling applies the step that holds "
                 "the breach (metric minus threshold), with percent changes rounded down above 1; a cooldown counts capacity already added."),
    source=AAS + "userguide/application-auto-scaling-step-scaling-policies.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#step-scaling",
    requirement=Reaches,
    check=_policies_fall_short,
)

ONLY_SERVICES_SCALE = Rule(
    id="AS08",
    title="Only services are scalable targets",
    description=("The ECS scalable dimension is ecs:service:DesiredCount; a standalone task started by RunTask has no desired count, "
                 "so Application Auto Scaling cannot register it."),
    source=ECS + "service-auto-scaling.html",
    source_checked=date(2026, 11, 27),
    taught_in="auto-scaling#service-auto-scaling",
    requirement=Deploys,
    check=_only_services_scale,
)

RULES: tuple[Rule, ...] = (BOUNDS_VALID, ALB_REQUEST_LABEL, STEP_BOUNDS, TASK_COUNT_POLICY, CAPPED_BY_BOUNDS,
                           GIVES_TASKS_BACK, POLICY_ARITHMETIC, ONLY_SERVICES_SCALE)
