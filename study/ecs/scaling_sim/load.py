"""The metric values a service sees: per-task averages follow the task count, totals do not."""

from __future__ import annotations

from ..vocab.scaling import PredefinedMetric, ServiceLoad, check_time_of_day

PER_TASK_METRICS = frozenset({m.value for m in PredefinedMetric} | {"CPUUtilization", "MemoryUtilization"})
"""Service averages: the predefined ECS metrics and the AWS/ECS CPUUtilization and MemoryUtilization."""


REPORTED_ONLY_WITH_REQUESTS = frozenset({PredefinedMetric.ALB_REQUESTS.value})
"""A load balancer publishes request metrics only while requests flow: zero requests is no data point at all."""


def seconds_of(clock: str) -> int:
    """'10:05' or '10:05:30' as seconds after midnight; raises ValueError with the reason when malformed."""
    parts = [int(part) for part in check_time_of_day(clock).split(":")]
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) == 3 else 0)


def clock(second: int) -> str:
    """Seconds after midnight as HH:MM, or HH:MM:SS off the whole minute (past midnight the hours keep counting)."""
    hours, rest = divmod(second, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours:02d}:{mins:02d}" + (f":{secs:02d}" if secs else "")


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
