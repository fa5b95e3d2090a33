"""Service Auto Scaling simulation: a pure function of the scalable target, the load and the start count."""

from .arithmetic import clamp, number, round_percent, step_outcome, tasks_needed
from .engine import ScalingEvent, ScalingRun, simulate_service
from .load import clock, minutes

__all__ = ["ScalingEvent", "ScalingRun", "clamp", "clock", "minutes", "number", "round_percent",
           "simulate_service", "step_outcome", "tasks_needed"]
