"""Service Auto Scaling, second by second: target tracking, step scaling and scheduled actions.

Time is kept in seconds after midnight, so a load timeline can say 10:00:30. The model (AWS publishes
no exact formula, see facts AS-03/AS-04):
- Policies are invoked on whole minutes: an alarm repeats its Auto Scaling action each minute it stays
  in ALARM. Tasks start within the minute a policy acts. Load changes and scheduled actions take
  effect at their own second; a policy sees a load change at the next whole minute.
- Target tracking scales out to ceil(load / target), where load is running tasks × metric, at once
  (its managed alarms' datapoints are not modelled).
- One target tracking scale-in step removes one task, at most once per ScaleInCooldown, only while the
  metric is more than 10% below the target and only when no tracked metric would then exceed its target;
  with several policies every policy with scale-in enabled must agree. A flat load therefore settles at
  the proportional count (or MinCapacity), gradually.
- A step scaling alarm averages its metric over each Period and is in ALARM when DatapointsToAlarm of
  its last EvaluationPeriods datapoints breach (see alarms.py); its policy acts every minute it is in
  ALARM and outside its cooldown; inside the cooldown a larger scale-out still happens, counting the
  capacity the first one added; scale-in waits. Cooldowns count in seconds.
- Scale-out wins over scale-in; among several proposals the largest capacity wins. Every result is
  clamped to [MinCapacity, MaxCapacity]. Scheduled actions run first in their second.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..vocab.scaling import ScalableTarget, ServiceLoad, StepScaling, TargetTracking
from .alarms import AlarmTraces, datapoints_text, read_alarm
from .arithmetic import (
    CLEARLY_BELOW,
    clamp,
    clamp_note,
    number,
    step_outcome,
    tasks_needed,
)
from .load import MetricLoad, clock, seconds_of

MAX_SECONDS = 7 * 24 * 3600

EVALUATION_INTERVAL = 60
"""Policies are invoked on whole minutes: an alarm repeats an Auto Scaling action each minute it stays in ALARM."""


@dataclass(frozen=True)
class ScalingEvent:
    """One change (or a scheduled action that left the count alone)."""

    second: int
    kind: str
    before: int
    after: int
    working: str
    rule_id: str

    @property
    def at(self) -> str:
        """The time of day as HH:MM (HH:MM:SS off the whole minute)."""
        return clock(self.second)


@dataclass(frozen=True)
class ScalingRun:
    """The whole simulated timeline of one service's desired count."""

    start: int
    initial: int
    events: tuple[ScalingEvent, ...]
    final: int
    min_capacity: int
    max_capacity: int
    final_metrics: dict[str, float] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)

    def count_at(self, now: int) -> int:
        """The desired count at a second, once what happens in that second has happened."""
        count = self.initial
        for event in self.events:
            if event.second <= now:
                count = event.after
        return count

    def events_until(self, now: int) -> list[ScalingEvent]:
        """Changes up to and including a second."""
        return [e for e in self.events if e.second <= now and (e.before != e.after or e.kind == "scheduled")]

    def first(self, kind: str) -> ScalingEvent | None:
        """The first event of a kind (step, scheduled, scale-out, scale-in, bounds)."""
        return next((e for e in self.events if e.kind == kind), None)


@dataclass(frozen=True)
class _Proposal:
    wanted: int
    kind: str
    working: str
    policy: object


class _Simulation:
    """Mutable state of one run; `run` below is the pure entry point."""

    def __init__(self, target: ScalableTarget, load: ServiceLoad | None, desired: int) -> None:
        self.target = target
        self.metrics = MetricLoad(load)
        start = seconds_of(load.start) if load else 0
        self.count = load.running if load and load.running is not None else desired
        self.initial = self.count
        self.low, self.high = target.min_capacity, target.max_capacity
        self.metrics.observe(load.metrics if load else {}, self.count)
        self.timeline = {seconds_of(p.at): p.metrics for p in (load.timeline if load else [])}
        self.scheduled = {}
        for action in target.scheduled:
            if action.at is not None:
                self.scheduled.setdefault(seconds_of(action.at), []).append(action)
        self.start = min([start, *self.timeline, *self.scheduled])
        self.events: list[ScalingEvent] = []
        self.last_action: dict[int, tuple[int, int]] = {}  # id(policy) -> (now, capacity before)
        self.last_scale_in: dict[int, int] = {}
        self.moments = sorted({*self.timeline, *self.scheduled})
        self.traces = AlarmTraces([p.alarm.metric for p in target.step_scaling])
        self.traces.note(self.start, self.metrics, self.count)

    def run(self) -> ScalingRun:
        """Step through the minutes until the timeline is over and nothing changes any more."""
        self._clamp_start()
        last_event = max([self.start, *self.timeline, *self.scheduled])
        now, last_change, quiet = self.start, self.start, self._quiet()
        while now <= self.start + MAX_SECONDS and (now <= last_event or now - last_change <= quiet):
            if self._tick(now):
                last_change = now
            now = self._next(now)
        final = {name: v for name in self._watched() if (v := self.metrics.value(name, self.count)) is not None}
        return ScalingRun(self.start, self.initial, tuple(self.events), self.count, self.low, self.high,
                          final, dict(self.metrics.totals))

    def _quiet(self) -> int:
        """Seconds without a change after which the run is over: two minutes past the longest wait."""
        waits = ([p.scale_in_cooldown for p in self.target.target_tracking]
                 + [p.scale_out_cooldown for p in self.target.target_tracking]
                 + [p.cooldown for p in self.target.step_scaling]
                 + [p.alarm.period * p.alarm.evaluation_periods - EVALUATION_INTERVAL for p in self.target.step_scaling])
        return 2 * EVALUATION_INTERVAL + max([*waits, 0])

    def _next(self, now: int) -> int:
        """The next second anything can happen: a whole minute, a load change or a scheduled action."""
        minute = (now // EVALUATION_INTERVAL + 1) * EVALUATION_INTERVAL
        index = bisect.bisect_right(self.moments, now)
        return min(minute, self.moments[index]) if index < len(self.moments) else minute

    def _watched(self) -> list[str]:
        return [p.metric for p in self.target.target_tracking] + [p.alarm.metric for p in self.target.step_scaling]

    def _record(self, now: int, kind: str, after: int, working: str, rule_id: str) -> bool:
        self.events.append(ScalingEvent(now, kind, self.count, after, working, rule_id))
        changed = after != self.count
        self.count = after
        self.traces.note(now, self.metrics, self.count)
        return changed

    def _clamp_start(self) -> None:
        bounded = clamp(self.count, self.low, self.high)
        if bounded != self.count:
            self._record(self.start, "bounds", bounded, f"{self.count} tasks{clamp_note(self.count, self.low, self.high)}", "AS05")

    def _tick(self, now: int) -> bool:
        changed = False
        if now in self.timeline:
            self.metrics.observe(self.timeline[now], self.count)
            self.traces.note(now, self.metrics, self.count)
        for action in self.scheduled.get(now, []):
            changed |= self._scheduled(now, action)
        proposal = self._decide(now) if now % EVALUATION_INTERVAL == 0 else None
        if proposal is not None:
            self._remember(now, proposal)
            changed |= self._record(now, proposal.kind, proposal.wanted, proposal.working,
                                    _rule_for(proposal))
        return changed

    def _scheduled(self, now: int, action) -> bool:
        low = self.low if action.min_capacity is None else action.min_capacity
        high = self.high if action.max_capacity is None else action.max_capacity
        self.low, self.high = low, high
        after = clamp(self.count, low, high)
        if after > self.count:
            outcome = f"{self.count} < new MinCapacity {low}, so the count is raised to {after}"
        elif after < self.count:
            outcome = f"{self.count} > new MaxCapacity {high}, so the count is lowered to {after}"
        else:
            outcome = f"{low} ≤ {self.count} ≤ {high}, so the count stays at {after}; policies now work inside [{low}, {high}]"
        return self._record(now, "scheduled", after, f"scheduled action at {clock(now)}: {outcome}", "AS05")

    def _remember(self, now: int, proposal: _Proposal) -> None:
        key = id(proposal.policy)
        if proposal.kind == "scale-in" and isinstance(proposal.policy, tuple):
            for policy in proposal.policy:
                self.last_scale_in[id(policy)] = now
            return
        cooldown = self._cooldown(proposal.policy, proposal.kind)
        previous = self.last_action.get(key)
        if previous is None or now >= previous[0] + cooldown:
            self.last_action[key] = (now, self.count)

    @staticmethod
    def _cooldown(policy, kind: str) -> int:
        if isinstance(policy, StepScaling):
            return policy.cooldown
        return policy.scale_out_cooldown if kind == "scale-out" else policy.scale_in_cooldown

    def _decide(self, now: int) -> _Proposal | None:
        proposals = [p for p in (self._tracking_out(now, t) for t in self.target.target_tracking) if p]
        proposals += [p for p in (self._step(now, s) for s in self.target.step_scaling) if p]
        outs = [p for p in proposals if p.wanted > self.count]
        if outs:
            return max(outs, key=lambda p: p.wanted)
        ins = [p for p in proposals if p.wanted < self.count]
        tracking_in = self._tracking_in(now)
        if tracking_in:
            ins.append(tracking_in)
        return max(ins, key=lambda p: p.wanted) if ins else None

    def _base(self, policy, now: int) -> int:
        """The capacity a scale-out is measured from: inside a cooldown, what it was before the last one."""
        last = self.last_action.get(id(policy))
        if last and now < last[0] + self._cooldown(policy, "scale-out"):
            return last[1]
        return self.count

    def _tracking_out(self, now: int, policy: TargetTracking) -> _Proposal | None:
        value = self.metrics.value(policy.metric, self.count)
        if value is None or value <= policy.target:
            return None
        if self.metrics.follows_tasks(policy.metric):
            load = self.metrics.totals[policy.metric]
            how = f"{self.count} tasks × {number(value)} = {number(load)}"
        else:
            base = self._base(policy, now)
            load = base * value
            how = f"{base} tasks × {number(value)} = {number(load)}"
        needed = tasks_needed(load, policy.target)
        wanted = clamp(needed, self.low, self.high)
        working = (f"target tracking on {policy.metric} at {clock(now)}: {how}; {number(load)} / "
                   f"{number(policy.target)} = {number(load / policy.target)}, rounded up to {needed}"
                   f"{clamp_note(needed, self.low, self.high)}")
        return _Proposal(wanted, "scale-out", working, policy) if wanted > self.count else None

    def _tracking_in(self, now: int) -> _Proposal | None:
        """One task less, when every policy with scale-in enabled is clearly below its target."""
        enabled = [p for p in self.target.target_tracking if p.scale_in_enabled]
        if not enabled or self.count - 1 < self.low:
            return None
        for policy in enabled:
            value = self.metrics.value(policy.metric, self.count)
            last = self.last_scale_in.get(id(policy))
            if value is None or value >= CLEARLY_BELOW * policy.target:
                return None
            if last is not None and now < last + policy.scale_in_cooldown:
                return None
        for policy in self.target.target_tracking:
            after = self.metrics.value(policy.metric, self.count - 1)
            if after is None or after > policy.target:
                return None
        values = ", ".join(f"{p.metric} {number(self.metrics.value(p.metric, self.count))} "
                           f"→ {number(self.metrics.value(p.metric, self.count - 1))} (target {number(p.target)})"
                           for p in enabled)
        working = f"target tracking scale-in at {clock(now)}: one task less, {self.count} → {self.count - 1}: {values}"
        return _Proposal(self.count - 1, "scale-in", working, tuple(enabled))

    def _step(self, now: int, policy: StepScaling) -> _Proposal | None:
        alarm = policy.alarm
        upcoming = [(m, self.timeline[m]) for m in self.moments if now < m < now + alarm.period and m in self.timeline]
        trace = self.traces.ahead(alarm.metric, self.metrics, upcoming, self.count)
        reading = read_alarm(alarm, trace, now)
        if not reading.in_alarm or reading.value is None:
            return None
        value = reading.value
        last = self.last_action.get(id(policy))
        cooling = last is not None and now < last[0] + policy.cooldown
        base = last[1] if cooling and last[1] < self.count else self.count
        outcome = step_outcome(policy, base, value)
        if outcome is None:
            return None
        wanted = clamp(outcome.wanted, self.low, self.high)
        if cooling and wanted <= self.count:
            return None
        note = " (inside the cooldown, counting the capacity already added)" if base != self.count else ""
        if (alarm.period, alarm.evaluation_periods) != (EVALUATION_INTERVAL, 1):
            note += f", {datapoints_text(alarm, reading)}"
        working = (f"step scaling on {policy.alarm.metric} at {clock(now)}{note}: {outcome.working}"
                   f"{clamp_note(outcome.wanted, self.low, self.high)}")
        return _Proposal(wanted, "step", working, policy) if wanted != self.count else None


def _rule_for(proposal: _Proposal) -> str:
    """Bounds decide a clamped result; otherwise the scale-in or the policy arithmetic does."""
    if "clamped" in proposal.working:
        return "AS05"
    return "AS06" if proposal.kind == "scale-in" else "AS07"


def simulate_service(target: ScalableTarget, load: ServiceLoad | None, desired: int) -> ScalingRun:
    """The desired count of one service over its load timeline (pure: time comes from the load)."""
    return _Simulation(target, load, desired).run()
