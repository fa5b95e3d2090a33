"""Service Auto Scaling vocabulary (Application Auto Scaling on ecs:service:DesiredCount)."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key

CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
"""A time of day in the simulated timeline, HH:MM."""


class PredefinedMetric(StrEnum):
    CPU = "ECSServiceAverageCPUUtilization"
    MEMORY = "ECSServiceAverageMemoryUtilization"
    ALB_REQUESTS = "ALBRequestCountPerTarget"


class AdjustmentType(StrEnum):
    CHANGE = "ChangeInCapacity"
    PERCENT = "PercentChangeInCapacity"
    EXACT = "ExactCapacity"


class Comparison(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"


@dataclass(config=STRICT)
class TargetTracking:
    metric: str = key("Predefined metric name or a custom metric name.", "ECSServiceAverageCPUUtilization")
    target: float = key("Target value (percent, or requests per target per minute).", 60, gt=0)
    scale_in_enabled: bool = key("The policy may scale in.", True, default=True)
    scale_out_cooldown: int = key("Seconds after a scale-out before another (unless larger).", 300, default=300, ge=0)
    scale_in_cooldown: int = key("Seconds after a scale-in before another.", 300, default=300, ge=0)
    resource_label: str | None = key("Target group for ALBRequestCountPerTarget.", "orders-tg", default=None)


@dataclass(config=STRICT)
class Alarm:
    metric: str = key("CloudWatch metric the alarm watches.", "ApproximateNumberOfMessagesVisible")
    threshold: float = key("Alarm threshold.", 1000)
    comparison: Comparison = key("Comparison operator.", ">=", default=Comparison.GE)


@dataclass(config=STRICT)
class StepAdjustment:
    lower: float | None = key("Lower bound, relative to the threshold (empty = minus infinity).", 0, default=None)
    upper: float | None = key("Upper bound, relative to the threshold (empty = infinity).", 500, default=None)
    adjustment: float = key("ScalingAdjustment for this step.", 20)


@dataclass(config=STRICT)
class StepScaling:
    alarm: Alarm = key("The alarm you create that invokes the policy.", {"metric": "CPUUtilization", "threshold": 70})
    adjustment_type: AdjustmentType = key("ChangeInCapacity, PercentChangeInCapacity or ExactCapacity.", "PercentChangeInCapacity")
    steps: list[StepAdjustment] = key("Step adjustments.", [{"lower": 0, "adjustment": 2}])
    min_adjustment_magnitude: int | None = key("Smallest change a percent step makes.", 2, default=None, ge=1)
    cooldown: int = key("Seconds before the policy acts again.", 300, default=300, ge=0)


@dataclass(config=STRICT)
class ScheduledAction:
    schedule: str = key("at(...), rate(...) or cron(...) expression.", "cron(0 17 ? * FRI *)")
    timezone: str = key("IANA time zone of the schedule.", "Europe/Berlin", default="UTC")
    min_capacity: int | None = key("New MinCapacity.", 4, default=None, ge=0)
    max_capacity: int | None = key("New MaxCapacity.", 12, default=None, ge=0)
    at: str | None = key("When the action runs in the simulated timeline (HH:MM).", "17:00", default=None, pattern=CLOCK)


@dataclass(config=STRICT)
class ScalableTarget:
    min_capacity: int = key("MinCapacity of the scalable target.", 2, ge=0)
    max_capacity: int = key("MaxCapacity of the scalable target.", 10, ge=0)
    target_tracking: list[TargetTracking] = key("Target tracking policies.", [{"metric": "ECSServiceAverageCPUUtilization", "target": 60}], default=[])
    step_scaling: list[StepScaling] = key("Step scaling policies.", [{"alarm": {"metric": "CPUUtilization", "threshold": 70}, "adjustment_type": "ChangeInCapacity", "steps": [{"lower": 0, "adjustment": 2}]}], default=[])
    scheduled: list[ScheduledAction] = key("Scheduled actions.", [{"schedule": "cron(0 8 * * ? *)", "min_capacity": 6}], default=[])


@dataclass(config=STRICT)
class MetricPoint:
    at: str = key("Time of day, HH:MM.", "10:05", pattern=CLOCK)
    metrics: dict[str, float] = key("Metric values from this time on.", {"ECSServiceAverageCPUUtilization": 90})


@dataclass(config=STRICT)
class ServiceLoad:
    running: int | None = key("Tasks running at the start (defaults to desired_count).", 10, default=None, ge=0)
    metrics: dict[str, float] = key(
        "Metric values at the start; leave a metric out (or give ALBRequestCountPerTarget 0) for no data points.",
        {"ECSServiceAverageMemoryUtilization": 18}, default={})
    timeline: list[MetricPoint] = key("Later metric changes, in time order.", [{"at": "10:05", "metrics": {"ECSServiceAverageCPUUtilization": 90}}], default=[])
    start: str = key("Time of day the timeline starts, HH:MM.", "10:00", default="00:00", pattern=CLOCK)
    proportional: bool = key("Load is steady and spreads evenly, so utilisation scales inversely with the task count.", True, default=True)
    per_task_metrics: list[str] = key(
        "Custom metrics that are averages per task (they fall as tasks are added). The predefined ECS metrics and "
        "the AWS/ECS CPUUtilization and MemoryUtilization always are; any other metric (such as a queue depth) is a "
        "total that adding tasks does not change.",
        ["BacklogPerTask"], default=[])


@dataclass(config=STRICT)
class Ec2ScalingPolicy:
    metric: str = key("EC2 Auto Scaling target tracking metric of the group.", "ASGAverageCPUUtilization")
    target: float = key("Target value of the group's policy.", 60, gt=0)
