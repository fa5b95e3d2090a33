"""The metric values a service sees: per-task averages follow the task count, totals do not."""

from __future__ import annotations

from ..vocab.scaling import PredefinedMetric, ServiceLoad

PER_TASK_METRICS = frozenset({m.value for m in PredefinedMetric} | {"CPUUtilization", "MemoryUtilization"})
"""Service averages: the predefined ECS metrics and the AWS/ECS CPUUtilization and MemoryUtilization."""


REPORTED_ONLY_WITH_REQUESTS = frozenset({PredefinedMetric.ALB_REQUESTS.value})
"""A load balancer publishes request metrics only while requests flow: zero requests is no data point at all."""


def minutes(clock: str) -> int:
    """'10:05' as minutes after midnight; raises with the value received when malformed."""
    try:
        hours, mins = clock.split(":")
        return int(hours) * 60 + int(mins)
    except ValueError:
        raise ValueError(f"time '{clock}' is not HH:MM") from None


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM (past midnight the hours keep counting)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


class MetricLoad:
    """Current metric values; a per-task metric is held as a total and divided by the running tasks."""

    def __init__(self, load: ServiceLoad | None) -> None:
        self.per_task = set(PER_TASK_METRICS) | set(load.per_task_metrics if load else [])
        self.proportional = load.proportional if load else True
        self.totals: dict[str, float] = {}
        self.values: dict[str, float] = {}

    def observe(self, metrics: dict[str, float], running: int) -> None:
        """Record values measured while `running` tasks run."""
        for name, value in metrics.items():
            if name in REPORTED_ONLY_WITH_REQUESTS and value == 0:
                self.totals.pop(name, None)
                self.values.pop(name, None)
            elif name in self.per_task and self.proportional:
                self.totals[name] = value * running
                self.values.pop(name, None)
            else:
                self.values[name] = value
                self.totals.pop(name, None)

    def follows_tasks(self, name: str) -> bool:
        """True when the metric is a per-task average that adding tasks brings down."""
        return name in self.totals

    def value(self, name: str, running: int) -> float | None:
        """The metric with `running` tasks; None when it has no data."""
        if name in self.totals:
            total = self.totals[name]
            if running <= 0:
                return 0.0 if total == 0 else float("inf")
            return total / running
        return self.values.get(name)
