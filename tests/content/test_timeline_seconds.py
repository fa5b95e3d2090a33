"""Times in a load timeline may carry seconds; a bad time or alarm period is refused at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from study.content.validate import validate

CONTENT = Path(__file__).resolve().parents[2] / "content"

BANK = """\
bank: sample
title: Sample
questions:
  - id: q-burst
    topic: auto-scaling
    practises: [auto-scaling#step-scaling]
    kind: numeric
    stem: How many tasks at 10:03?
    scenario:
      situation:
        task_definitions:
          app: {requires_compatibilities: [FARGATE], network_mode: awsvpc, cpu: 256, memory: 512, containers: {app: {}}}
        services:
          app:
            task_definition: app
            launch_type: FARGATE
            network: {subnets: [private-a]}
            desired_count: 4
            auto_scaling:
              min_capacity: 1
              max_capacity: 20
              step_scaling:
                - alarm: {metric: QueueAgeSeconds, threshold: 60, period: 60}
                  adjustment_type: ChangeInCapacity
                  steps: [{lower: 0, adjustment: 2}]
            load:
              start: "10:00"
              metrics: {QueueAgeSeconds: 90}
              timeline:
                - {at: "10:01:30", metrics: {QueueAgeSeconds: 10}}
      ask: {quantity: count_at, of: app, at: "10:03"}
    key: 6
"""


@pytest.mark.parametrize(("good", "bad", "line", "field", "reason"), [
    ('at: "10:01:30"', 'at: "10:01:61"', 30, "load.timeline.0.at", "'10:01:61' is out of range: hours run 00-23, minutes and seconds 00-59"),
    ('at: "10:01:30"', 'at: "1:30"', 30, "load.timeline.0.at", "'1:30' is not a time of day: write HH:MM or HH:MM:SS"),
    ('start: "10:00"', 'start: "25:00"', 27, "load.start", "'25:00' is out of range"),
    ('start: "10:00"', "start: noon", 27, "load.start", "'noon' is not a time of day"),
    ("period: 60", "period: 45", 23, "auto_scaling.step_scaling.0.alarm.period",
     "an alarm period of 45 seconds is not one CloudWatch accepts: use 10, 20, 30 or a multiple of 60"),
    ("threshold: 60,", "threshold: 60, evaluation_periods: 2, datapoints_to_alarm: 3,", 23, "auto_scaling.step_scaling.0.alarm",
     "datapoints_to_alarm 3 exceeds evaluation_periods 2"),
])
def test_a_bad_time_or_period_is_reported_at_its_line(tmp_path, good, bad, line, field, reason):
    path = tmp_path / "bank.yaml"
    assert good in BANK
    path.write_text(BANK.replace(good, bad, 1), encoding="utf-8")
    found = [str(p) for p in validate([path], CONTENT).errors]
    assert len(found) == 1, found
    assert found[0].startswith(f"{path}:{line}: q-burst: scenario.situation.services.app.{field}: ")
    assert reason in found[0]


@pytest.mark.parametrize(("bad", "reason"), [
    ('at: "24:00"}', "'24:00' is out of range"),
    ('at: "10:03:60"}', "'10:03:60' is out of range"),
    ("at: soon}", "'soon' is not a time of day"),
])
def test_a_bad_time_to_ask_about_is_reported_at_its_line(tmp_path, bad, reason):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.replace('at: "10:03"}', bad), encoding="utf-8")
    found = [str(p) for p in validate([path], CONTENT).errors]
    assert len(found) == 1 and found[0].startswith(f"{path}:31: q-burst: scenario.ask.at: ") and reason in found[0]


def test_the_sample_with_seconds_is_valid_and_its_key_is_proven(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    assert [str(p) for p in validate([path], CONTENT).errors] == []
