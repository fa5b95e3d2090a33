"""Quantities from the Service Auto Scaling simulation: settled counts, counts at a time, step results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..observe import Observation, QuantityError, QuantityKind
from ..scaling_sim import ScalingRun, clamp, number, seconds_of, tasks_needed
from ..scaling_sim.arithmetic import CLEARLY_BELOW, clamp_note

if TYPE_CHECKING:
    from ..deploy import Deployment
    from ..scenario import Quantity
    from ..vocab.scaling import ScalableTarget


def _run(deployment: Deployment, ask: Quantity) -> tuple[ScalingRun, ScalableTarget]:
    """The simulated run of the asked service, or an authoring error that says what is missing."""
    service = deployment.design.services.get(ask.of or "")
    run = deployment.scaling.of(ask.of) if deployment.scaling and ask.of else None
    if service is None or run is None:
        raise QuantityError(f"'{ask.quantity}' needs `of` naming a service with auto_scaling; got '{ask.of}'")
    return run, service.auto_scaling


def _tracking_need(run: ScalingRun, target: ScalableTarget) -> tuple[int, str] | None:
    """The largest proportional need among target tracking policies on per-task metrics."""
    needs = [(tasks_needed(run.totals[p.metric], p.target),
              f"{number(run.totals[p.metric])} ({p.metric} × tasks) / target {number(p.target)} = "
              f"{number(run.totals[p.metric] / p.target)}, so {tasks_needed(run.totals[p.metric], p.target)} tasks")
             for p in target.target_tracking if p.metric in run.totals]
    return max(needs) if needs else None


def _why_no_further_scale_in(run: ScalingRun, target: ScalableTarget) -> str:
    enabled = [p for p in target.target_tracking if p.scale_in_enabled]
    if not enabled:
        return "no target tracking policy has scale-in enabled, so nothing removes tasks"
    for p in enabled:
        value = run.final_metrics.get(p.metric)
        if value is not None and value >= CLEARLY_BELOW * p.target:
            return (f"{p.metric} is {number(value)}, not clearly (more than 10%) below its target "
                    f"{number(p.target)}, so that policy does not agree to scale in")
    return "removing another task would push a tracked metric above its target"


def _settled_count(deployment: Deployment, ask: Quantity) -> Observation:
    run, target = _run(deployment, ask)
    need = _tracking_need(run, target)
    if need is None:
        return _settled_without_tracking(run, target)
    needed, working = need
    bounded = clamp(needed, run.min_capacity, run.max_capacity)
    working += clamp_note(needed, run.min_capacity, run.max_capacity)
    if run.final == bounded:
        rule = "AS05" if bounded != needed else ("AS06" if run.final < run.initial else "AS07")
        return Observation(run.final, f"{working}; the service settles at {run.final}", rule)
    if run.final > bounded:
        reason = _why_no_further_scale_in(run, target)
        return Observation(run.final, f"{working}, but {reason}; the service settles at {run.final}", "AS06")
    return Observation(run.final, f"{working}; other policies settle it at {run.final}", _last_rule(run))


def _settled_without_tracking(run: ScalingRun, target: ScalableTarget) -> Observation:
    """No proportional need: step policies decide, or the tracked metric has no data points at all."""
    silent = [p.metric for p in target.target_tracking if p.metric not in run.final_metrics]
    if silent and not run.events:
        working = (f"{', '.join(silent)} has no data points, and target tracking never reads missing data as low load, "
                   f"so no policy scales in or out: the count stays at {run.initial}")
        return Observation(run.final, working, "AS06")
    last = run.events[-1].working if run.events else f"no policy acts, so the count stays at {run.initial}"
    return Observation(run.final, f"{last}; the service settles at {run.final}", _last_rule(run))


def _last_rule(run: ScalingRun) -> str:
    changes = [e for e in run.events if e.before != e.after]
    return changes[-1].rule_id if changes else "AS07"


def _count_at(deployment: Deployment, ask: Quantity) -> Observation:
    run, _target = _run(deployment, ask)
    if not ask.at:
        raise QuantityError("'count_at' needs `at`, a time of day as HH:MM or HH:MM:SS (such as 10:05:30)")
    now = seconds_of(ask.at)
    count = run.count_at(now)
    steps = run.events_until(now)
    if not steps:
        return Observation(count, f"nothing scales before {ask.at}, so the count is still {count}", "AS07")
    story = "; ".join(e.working for e in steps)
    return Observation(count, f"{story}; at {ask.at} the desired count is {count}", steps[-1].rule_id)


def _desired_after_alarm(deployment: Deployment, ask: Quantity) -> Observation:
    run, target = _run(deployment, ask)
    event = run.first("step")
    if event is None:
        alarms = ", ".join(f"{p.alarm.metric} {p.alarm.comparison.value} {number(p.alarm.threshold)}" for p in target.step_scaling)
        return Observation(run.initial, f"no step adjustment applies (alarms: {alarms or 'none'}), so the count stays at {run.initial}", "AS07")
    return Observation(event.after, event.working, event.rule_id)


def _desired_after_scheduled_action(deployment: Deployment, ask: Quantity) -> Observation:
    run, _target = _run(deployment, ask)
    event = run.first("scheduled")
    if event is None:
        raise QuantityError(f"service '{ask.of}' has no scheduled action with `at` in the timeline")
    return Observation(event.after, event.working, "AS05")


def _max_reachable(deployment: Deployment, ask: Quantity) -> Observation:
    run, target = _run(deployment, ask)
    actions = [e for e in run.events if e.kind == "scheduled"]
    when = f"after the scheduled action at {actions[-1].at}" if actions else "with the registered bounds"
    working = (f"{when} every policy is clamped to [{run.min_capacity}, {run.max_capacity}], so the policies can "
               f"reach at most {run.max_capacity} tasks until the bounds change again")
    return Observation(run.max_capacity, working, "AS05")


QUANTITIES: dict[str, QuantityKind] = {
    "settled_count": QuantityKind(
        "settled_count", "Desired count a scaled service settles at once the load timeline is over and stays flat.",
        {"quantity": "settled_count", "of": "worker"}, _settled_count,
        "the desired count service {of} settles at"),
    "count_at": QuantityKind(
        "count_at", "Desired count of a scaled service at a time of day (HH:MM or HH:MM:SS) of its load timeline.",
        {"quantity": "count_at", "of": "web", "at": "10:30"}, _count_at,
        "the desired count of service {of} at {at}"),
    "desired_after_alarm": QuantityKind(
        "desired_after_alarm", "New desired count after the first invocation of the service's step scaling policy.",
        {"quantity": "desired_after_alarm", "of": "worker"}, _desired_after_alarm,
        "the desired count of service {of} after the first step scaling action"),
    "desired_after_scheduled_action": QuantityKind(
        "desired_after_scheduled_action", "Desired count right after the first scheduled action of the timeline runs.",
        {"quantity": "desired_after_scheduled_action", "of": "web"}, _desired_after_scheduled_action,
        "the desired count of service {of} right after the first scheduled action"),
    "max_reachable": QuantityKind(
        "max_reachable", "Most tasks the scaling policies can reach with the bounds in force after the timeline.",
        {"quantity": "max_reachable", "of": "web"}, _max_reachable,
        "the most tasks the scaling policies of service {of} can reach"),
}
