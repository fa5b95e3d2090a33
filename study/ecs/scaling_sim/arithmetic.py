"""The arithmetic of one scaling decision: proportional target tracking, steps, percent rounding, clamps."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..vocab.scaling import AdjustmentType, Comparison, StepAdjustment, StepScaling

CLEARLY_BELOW = 0.9
"""Target tracking scales in only while the metric is more than 10% below the target (AS-03)."""


def number(value: float) -> str:
    """A number as a learner writes it: 4 rather than 4.0, at most two decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def clamp(count: int, low: int, high: int) -> int:
    """Keep a count inside [MinCapacity, MaxCapacity]."""
    return max(low, min(high, count))


def clamp_note(wanted: int, low: int, high: int) -> str:
    """', clamped to MinCapacity 5' when a bound decides, else ''."""
    if wanted < low:
        return f", clamped to MinCapacity {low}"
    if wanted > high:
        return f", clamped to MaxCapacity {high}"
    return f", inside [{low}, {high}]"


def tasks_needed(total: float, target: float) -> int:
    """Proportional model: the smallest task count that brings a per-task metric to its target."""
    return math.ceil(total / target - 1e-9)


def round_percent(change: float) -> int:
    """Application Auto Scaling rounding: >1 down, 0..1 to 1, -1..0 to -1, below -1 toward zero."""
    if change > 1:
        return math.floor(change)
    if change > 0:
        return 1
    if change == 0:
        return 0
    if change > -1:
        return -1
    return math.ceil(change)


def in_alarm(value: float, threshold: float, comparison: Comparison) -> bool:
    """Whether the alarm's comparison holds."""
    return {Comparison.GE: value >= threshold, Comparison.GT: value > threshold,
            Comparison.LE: value <= threshold, Comparison.LT: value < threshold}[comparison]


def bounds_text(step: StepAdjustment, above: bool) -> str:
    """[0, 500) above the threshold, (-20, -10] below it."""
    low = "-∞" if step.lower is None else number(step.lower)
    high = "+∞" if step.upper is None else number(step.upper)
    return f"[{low}, {high})" if above else f"({low}, {high}]"


def above_threshold(breach: float, comparison: Comparison = Comparison.GE) -> bool:
    """Which side's bounds apply; at exactly the threshold a >= alarm reads [0, x) and a <= alarm (x, 0]."""
    return breach > 0 or (breach == 0 and comparison in (Comparison.GE, Comparison.GT))


def matching_step(steps: list[StepAdjustment], breach: float, above: bool | None = None) -> StepAdjustment | None:
    """The step whose bounds hold the breach: lower inclusive above the threshold, upper inclusive below."""
    above = breach >= 0 if above is None else above
    for step in steps:
        low = -math.inf if step.lower is None else step.lower
        high = math.inf if step.upper is None else step.upper
        if (low <= breach < high) if above else (low < breach <= high):
            return step
    return None


@dataclass(frozen=True)
class StepOutcome:
    """What one invocation of a step policy asks for, and the working."""

    wanted: int
    working: str


def step_outcome(policy: StepScaling, base: int, value: float) -> StepOutcome | None:
    """Apply the matching step to a base capacity; None when no step holds the breach."""
    threshold = policy.alarm.threshold
    breach = value - threshold
    above = above_threshold(breach, policy.alarm.comparison)
    step = matching_step(policy.steps, breach, above)
    if step is None:
        return None
    place = (f"breach {number(value)} − {number(threshold)} = {number(breach)} falls in "
             f"{bounds_text(step, above)}")
    if policy.adjustment_type is AdjustmentType.EXACT:
        return StepOutcome(int(step.adjustment), f"{place}, so the count is set to {number(step.adjustment)}")
    if policy.adjustment_type is AdjustmentType.CHANGE:
        change = int(step.adjustment)
        return StepOutcome(base + change, f"{place}: {base} {_signed(change)} = {base + change}")
    raw = base * step.adjustment / 100
    change = round_percent(raw)
    note = f"{number(step.adjustment)}% of {base} = {number(raw)}, rounded to {change}"
    magnitude = policy.min_adjustment_magnitude
    if magnitude and 0 < abs(change) < magnitude:
        change = magnitude if change > 0 else -magnitude
        note += f", raised to MinAdjustmentMagnitude {magnitude}"
    return StepOutcome(base + change, f"{place}: {note}; {base} {_signed(change)} = {base + change}")


def _signed(change: int) -> str:
    return f"+ {change}" if change >= 0 else f"− {-change}"
