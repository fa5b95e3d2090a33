"""Service Auto Scaling simulation: a pure function of the scalable target, the load and the start count."""

from .arithmetic import clamp, number, round_percent, step_outcome, tasks_needed
from .engine import ScalingEvent, ScalingRun, simulate_service
from .load import clock, seconds_of

__all__ = ["ScalingEvent", "ScalingRun", "clamp", "clock", "number", "round_percent",
           "seconds_of", "simulate_service", "step_outcome", "tasks_needed"]
