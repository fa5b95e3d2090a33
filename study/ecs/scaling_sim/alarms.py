"""A step scaling alarm at second resolution: datapoints average the metric over each period.

CloudWatch compares one datapoint per Period (10, 20, 30 or a multiple of 60 seconds) with the
threshold and goes to ALARM when DatapointsToAlarm of the last EvaluationPeriods datapoints breach
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html). A datapoint
here is the time-weighted average of the metric over its period (the Average statistic of a steadily
sampled metric). The model's datapoints end with the period that starts at the evaluation, the minute
in which the policy acts; periods before the timeline's start see the starting load, held steady.
A datapoint with any second of missing data does not breach (missing data is not read as a breach).
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

from ..vocab.scaling import Alarm
from .arithmetic import in_alarm, number
from .load import MetricLoad

Trace = list[tuple[int, float | None]]
"""Change points of one metric as the alarm sees it: (second, value from that second on)."""


@dataclass(frozen=True)
class AlarmReading:
    """What an alarm finds at one evaluation: its state and the value the step adjustment measures."""

    in_alarm: bool
    value: float | None
    datapoints: tuple[float | None, ...] = field(default_factory=tuple)


def average(trace: Trace, begin: int, end: int) -> float | None:
    """The time-weighted mean of a trace over [begin, end); None when any part of it has no data."""
    times = [second for second, _ in trace]
    index = max(bisect.bisect_right(times, begin) - 1, 0)
    total, cursor = 0.0, begin
    while cursor < end:
        value = trace[index][1]
        stop = min(end, trace[index + 1][0]) if index + 1 < len(trace) else end
        if value is None:
            return None
        total += value * (stop - cursor)
        cursor, index = stop, index + 1
    return total / (end - begin)


def read_alarm(alarm: Alarm, trace: Trace, now: int) -> AlarmReading:
    """The alarm's state at an evaluation, from its last EvaluationPeriods datapoints (newest first)."""
    period = alarm.period
    points = tuple(average(trace, now - j * period, now - j * period + period) for j in range(alarm.evaluation_periods))
    breaching = [v for v in points if v is not None and in_alarm(v, alarm.threshold, alarm.comparison)]
    return AlarmReading(len(breaching) >= alarm.needed, breaching[0] if breaching else None, points)


def datapoints_text(alarm: Alarm, reading: AlarmReading) -> str:
    """'3 of 3 datapoints of 60 seconds must breach (averages 90, 90, 63.33)' for the working, oldest first."""
    shown = ", ".join("no data" if v is None else number(v) for v in reversed(reading.datapoints))
    return (f"{alarm.needed} of {alarm.evaluation_periods} datapoints of {alarm.period} seconds must breach "
            f"(averages {shown})")



class AlarmTraces:
    """What each step alarm's metric read from second to second, kept to average datapoints over."""

    def __init__(self, names: list[str]) -> None:
        self.traces: dict[str, Trace] = {name: [] for name in names}

    def note(self, now: int, metrics: MetricLoad, count: int) -> None:
        """Note what each alarm metric reads from this second on (after a load change or a new count)."""
        for name, trace in self.traces.items():
            value = metrics.value(name, count)
            if trace and trace[-1][0] == now:
                trace[-1] = (now, value)
            elif not trace or trace[-1][1] != value:
                trace.append((now, value))

    def ahead(self, name: str, metrics: MetricLoad, upcoming: list[tuple[int, dict[str, float]]], count: int) -> Trace:
        """The trace with the coming load changes added, as they would read at the current count."""
        trace, metrics = list(self.traces[name]), copy.deepcopy(metrics)
        for moment, values in upcoming:
            metrics.observe(values, count)
            trace.append((moment, metrics.value(name, count)))
        return trace
