"""Service Auto Scaling vocabulary (Application Auto Scaling on ecs:service:DesiredCount)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator
from pydantic.dataclasses import dataclass

from ._base import STRICT, key

CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
"""A time of day in the simulated timeline, HH:MM or HH:MM:SS (the JSON Schema pattern editors check)."""

CLOCK_SCHEMA = {"pattern": CLOCK}


def check_time_of_day(text: str) -> str:
    """Refuse 25:00, 10:61 or words with the reason, so the bank error says what to write instead."""
    hours, _, rest = text.partition(":")
    parts = [hours, *rest.split(":")] if rest else [hours]
    if len(parts) not in (2, 3) or not all(len(p) == 2 and p.isdigit() for p in parts):
        raise ValueError(f"'{text}' is not a time of day: write HH:MM or HH:MM:SS, such as 10:05 or 10:05:30")
    if int(parts[0]) > 23 or any(int(p) > 59 for p in parts[1:]):
        raise ValueError(f"'{text}' is out of range: hours run 00-23, minutes and seconds 00-59")
    return text


TimeOfDay = Annotated[str, AfterValidator(check_time_of_day)]
"""A time of day in the simulated timeline; seconds are optional (10:05 is 10:05:00)."""

ALARM_PERIODS = "10, 20, 30 or a multiple of 60"


def _alarm_period(seconds: int) -> int:
    """CloudWatch accepts only these periods for an alarm (PutMetricAlarm, Period)."""
    if seconds in (10, 20, 30) or (seconds > 0 and seconds % 60 == 0):
        return seconds
    raise ValueError(f"an alarm period of {seconds} seconds is not one CloudWatch accepts: use {ALARM_PERIODS}")


AlarmPeriod = Annotated[int, AfterValidator(_alarm_period)]


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
    metric: str = key("Predefined metric name or a custom metric name.", "ECSServiceAverageCPUUtilization", phrase="metric")
    target: float = key("Target value (percent, or requests per target per minute).", 60, gt=0, phrase="target value (TargetValue)")
    scale_in_enabled: bool = key("The policy may scale in.", True, default=True, phrase="scale-in by the policy")
    scale_out_cooldown: int = key("Seconds after a scale-out before another (unless larger).", 300, default=300, ge=0, phrase="scale-out cooldown in seconds (ScaleOutCooldown)")
    scale_in_cooldown: int = key("Seconds after a scale-in before another.", 300, default=300, ge=0, phrase="scale-in cooldown in seconds (ScaleInCooldown)")
    resource_label: str | None = key("Target group for ALBRequestCountPerTarget.", "orders-tg", default=None, phrase="target group of the metric (ResourceLabel)")


@dataclass(config=STRICT)
class Alarm:
    metric: str = key("CloudWatch metric the alarm watches.", "ApproximateNumberOfMessagesVisible", phrase="metric")
    threshold: float = key("Alarm threshold.", 1000, phrase="threshold")
    comparison: Comparison = key("Comparison operator.", ">=", default=Comparison.GE, phrase="comparison")
    period: AlarmPeriod = key(f"Seconds each datapoint averages the metric over: {ALARM_PERIODS}.", 60, default=60, phrase="period in seconds (Period)")
    evaluation_periods: int = key("How many of the latest periods the alarm looks at.", 3, default=1, ge=1, phrase="evaluation periods (EvaluationPeriods)")
    datapoints_to_alarm: int | None = key(
        "How many of those periods must breach (empty: all of them).", 2, default=None, ge=1,
        phrase="datapoints to alarm (DatapointsToAlarm)")

    def __post_init__(self) -> None:
        """CloudWatch refuses an M out of N alarm whose M exceeds N."""
        if self.datapoints_to_alarm is not None and self.datapoints_to_alarm > self.evaluation_periods:
            raise ValueError(f"datapoints_to_alarm {self.datapoints_to_alarm} exceeds evaluation_periods "
                             f"{self.evaluation_periods}: an alarm can need at most every period it looks at")

    @property
    def needed(self) -> int:
        """Breaching datapoints that put the alarm in ALARM (M of an M out of N alarm)."""
        return self.datapoints_to_alarm or self.evaluation_periods


@dataclass(config=STRICT)
class StepAdjustment:
    lower: float | None = key("Lower bound, relative to the threshold (empty = minus infinity).", 0, default=None, phrase="lower bound")
    upper: float | None = key("Upper bound, relative to the threshold (empty = infinity).", 500, default=None, phrase="upper bound")
    adjustment: float = key("ScalingAdjustment for this step.", 20, phrase="adjustment (ScalingAdjustment)")


@dataclass(config=STRICT)
class StepScaling:
    alarm: Alarm = key("The alarm you create that invokes the policy.", {"metric": "CPUUtilization", "threshold": 70}, phrase="CloudWatch alarm")
    adjustment_type: AdjustmentType = key("ChangeInCapacity, PercentChangeInCapacity or ExactCapacity.", "PercentChangeInCapacity", phrase="adjustment type (AdjustmentType)")
    steps: list[StepAdjustment] = key("Step adjustments.", [{"lower": 0, "adjustment": 2}], phrase="step adjustments (StepAdjustments)")
    min_adjustment_magnitude: int | None = key("Smallest change a percent step makes.", 2, default=None, ge=1, phrase="minimum adjustment magnitude (MinAdjustmentMagnitude)")
    cooldown: int = key("Seconds before the policy acts again.", 300, default=300, ge=0, phrase="cooldown in seconds (Cooldown)")


@dataclass(config=STRICT)
class ScheduledAction:
    schedule: str = key("at(...), rate(...) or cron(...) expression.", "cron(0 17 ? * FRI *)", phrase="schedule")
    timezone: str = key("IANA time zone of the schedule.", "Europe/Berlin", default="UTC", phrase="time zone (Timezone)")
    min_capacity: int | None = key("New MinCapacity.", 4, default=None, ge=0, phrase="new minimum capacity (MinCapacity)")
    max_capacity: int | None = key("New MaxCapacity.", 12, default=None, ge=0, phrase="new maximum capacity (MaxCapacity)")
    at: TimeOfDay | None = key("When the action runs in the simulated timeline (HH:MM or HH:MM:SS).", "17:00", default=None, json_schema_extra=CLOCK_SCHEMA, phrase="time it runs")


@dataclass(config=STRICT)
class ScalableTarget:
    min_capacity: int = key("MinCapacity of the scalable target.", 2, ge=0, phrase="minimum capacity (MinCapacity)")
    max_capacity: int = key("MaxCapacity of the scalable target.", 10, ge=0, phrase="maximum capacity (MaxCapacity)")
    target_tracking: list[TargetTracking] = key("Target tracking policies.", [{"metric": "ECSServiceAverageCPUUtilization", "target": 60}], default=[], phrase="target tracking policies")
    step_scaling: list[StepScaling] = key("Step scaling policies.", [{"alarm": {"metric": "CPUUtilization", "threshold": 70}, "adjustment_type": "ChangeInCapacity", "steps": [{"lower": 0, "adjustment": 2}]}], default=[], phrase="step scaling policies")
    scheduled: list[ScheduledAction] = key("Scheduled actions.", [{"schedule": "cron(0 8 * * ? *)", "min_capacity": 6}], default=[], phrase="scheduled actions")


@dataclass(config=STRICT)
class MetricPoint:
    at: TimeOfDay = key("Time of day, HH:MM or HH:MM:SS.", "10:05:30", json_schema_extra=CLOCK_SCHEMA, phrase="time")
    metrics: dict[str, float] = key("Metric values from this time on.", {"ECSServiceAverageCPUUtilization": 90}, phrase="metric values")


@dataclass(config=STRICT)
class ServiceLoad:
    running: int | None = key("Tasks running at the start (defaults to desired_count).", 10, default=None, ge=0, phrase="tasks running at the start")
    metrics: dict[str, float] = key(
        "Metric values at the start; leave a metric out (or give ALBRequestCountPerTarget 0) for no data points.",
        {"ECSServiceAverageMemoryUtilization": 18}, default={}, phrase="metric values at the start")
    timeline: list[MetricPoint] = key("Later metric changes, in time order.", [{"at": "10:05", "metrics": {"ECSServiceAverageCPUUtilization": 90}}], default=[], phrase="load timeline")
    start: TimeOfDay = key("Time of day the timeline starts, HH:MM or HH:MM:SS.", "10:00", default="00:00", json_schema_extra=CLOCK_SCHEMA, phrase="start time")
    proportional: bool = key("Load is steady and spreads evenly, so utilisation scales inversely with the task count.", True, default=True, phrase="load spread evenly over the tasks")
    per_task_metrics: list[str] = key(
        "Custom metrics that are averages per task (they fall as tasks are added). The predefined ECS metrics and "
        "the AWS/ECS CPUUtilization and MemoryUtilization always are; any other metric (such as a queue depth) is a "
        "total that adding tasks does not change.",
        ["BacklogPerTask"], default=[], phrase="metrics averaged per task")


@dataclass(config=STRICT)
class Ec2ScalingPolicy:
    metric: str = key("EC2 Auto Scaling target tracking metric of the group.", "ASGAverageCPUUtilization", phrase="metric")
    target: float = key("Target value of the group's policy.", 60, gt=0, phrase="target value")
