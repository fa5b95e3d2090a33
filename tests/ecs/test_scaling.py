"""The Service Auto Scaling simulation and the instance-layer arithmetic, table by table."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from study.ecs.placement import split_by_strategy
from study.ecs.scaling_sim import (
    clock,
    round_percent,
    seconds_of,
    simulate_service,
    step_outcome,
)
from study.ecs.scaling_sim.arithmetic import matching_step
from study.ecs.scaling_sim.instances import instances_for
from study.ecs.vocab.compute import StrategyItem
from study.ecs.vocab.scaling import (
    ScalableTarget,
    ServiceLoad,
    StepAdjustment,
    StepScaling,
)

TARGET = TypeAdapter(ScalableTarget)
LOAD = TypeAdapter(ServiceLoad)
STEP = TypeAdapter(StepScaling)
CPU = "ECSServiceAverageCPUUtilization"
MEMORY = "ECSServiceAverageMemoryUtilization"


def run(target: dict, load: dict, desired: int = 0):
    """Simulate one service from plain data."""
    return simulate_service(TARGET.validate_python(target), LOAD.validate_python(load), desired)


@pytest.mark.parametrize(("change", "rounded"), [
    (12.7, 12), (5.5, 5), (1.0, 1), (0.9, 1), (0.1, 1), (0.0, 0), (-0.4, -1), (-1.4, -1), (-6.67, -6), (-3.9, -3),
])
def test_percent_changes_round_as_application_auto_scaling_does(change, rounded):
    assert round_percent(change) == rounded


STEPS = [StepAdjustment(lower=None, upper=-10, adjustment=-30), StepAdjustment(lower=-10, upper=0, adjustment=-10),
         StepAdjustment(lower=0, upper=500, adjustment=20), StepAdjustment(lower=500, upper=None, adjustment=50)]


@pytest.mark.parametrize(("breach", "adjustment"), [
    (0, 20), (499.9, 20), (500, 50), (2000, 50), (-0.1, -10), (-10, -30), (-9.9, -10), (-50, -30),
])
def test_step_bounds_are_inclusive_at_the_side_nearer_the_threshold(breach, adjustment):
    assert matching_step(STEPS, breach).adjustment == adjustment


AWS_EXAMPLE = {"alarm": {"metric": "CPUUtilization", "threshold": 50}, "adjustment_type": "PercentChangeInCapacity",
               "steps": [{"upper": -20, "adjustment": -30}, {"lower": -20, "upper": -10, "adjustment": -10},
                         {"lower": -10, "upper": 10, "adjustment": 0}, {"lower": 10, "upper": 20, "adjustment": 10},
                         {"lower": 20, "adjustment": 30}]}


@pytest.mark.parametrize(("base", "metric", "wanted"), [(10, 65, 11), (11, 75, 14), (14, 35, 13), (13, 25, 10)])
def test_step_scaling_follows_the_aws_worked_example(base, metric, wanted):
    assert step_outcome(STEP.validate_python(AWS_EXAMPLE), base, metric).wanted == wanted


def test_min_adjustment_magnitude_raises_a_small_percent_change():
    policy = STEP.validate_python({**AWS_EXAMPLE, "min_adjustment_magnitude": 2, "steps": [{"lower": 0, "adjustment": 25}]})
    assert step_outcome(policy, 4, 60).wanted == 6


@pytest.mark.parametrize(("running", "metric", "target", "low", "high", "settled"), [
    (10, 18, 45, 5, 16, 5),     # CAL-17: 180 / 45 = 4, clamped to the minimum
    (10, 18, 45, 2, 16, 4),     # without the clamp the proportional count wins
    (4, 90, 60, 2, 10, 6),      # scale-out: 360 / 60
    (6, 100, 40, 2, 8, 8),      # scale-out clamped to the maximum
    (20, 41, 45, 2, 30, 20),    # 41% is not more than 10% below 45%: no scale-in
    (20, 40, 45, 2, 30, 19),    # 40% is, but at 19 tasks 42.1% no longer is: it stops above ceil(800 / 45) = 18
])
def test_target_tracking_settles_at_the_proportional_count_inside_the_bounds(running, metric, target, low, high, settled):
    result = run({"min_capacity": low, "max_capacity": high, "target_tracking": [{"metric": CPU, "target": target}]},
                 {"running": running, "metrics": {CPU: metric}})
    assert result.final == settled


def test_scale_in_removes_one_task_per_cooldown():
    result = run({"min_capacity": 5, "max_capacity": 16, "target_tracking": [{"metric": MEMORY, "target": 45}]},
                 {"running": 10, "start": "02:00", "metrics": {MEMORY: 18}})
    assert [result.count_at(seconds_of(t)) for t in ("02:00", "02:04", "02:05", "02:20")] == [9, 9, 8, 5]


def test_scale_in_waits_for_every_policy_with_scale_in_enabled():
    policies = [{"metric": CPU, "target": 60}, {"metric": MEMORY, "target": 70}]
    load = {"running": 10, "metrics": {CPU: 15, MEMORY: 70}}
    assert run({"min_capacity": 2, "max_capacity": 20, "target_tracking": policies}, load).final == 10
    policies[1]["scale_in_enabled"] = False
    assert run({"min_capacity": 2, "max_capacity": 20, "target_tracking": policies}, load).final == 10


def test_step_cooldown_counts_capacity_already_added():
    policy = {"alarm": {"metric": "QueueAgeSeconds", "threshold": 50}, "adjustment_type": "ChangeInCapacity",
              "steps": [{"lower": 0, "upper": 10, "adjustment": 2}, {"lower": 10, "adjustment": 3}]}
    result = run({"min_capacity": 2, "max_capacity": 30, "step_scaling": [policy]},
                 {"running": 10, "start": "10:00", "metrics": {"QueueAgeSeconds": 55},
                  "timeline": [{"at": "10:02", "metrics": {"QueueAgeSeconds": 62}}]})
    assert [result.count_at(seconds_of(t)) for t in ("10:00", "10:01", "10:02", "10:04", "10:05")] == [12, 12, 13, 13, 16]


@pytest.mark.parametrize(("running", "action", "after"), [
    (3, {"min_capacity": 8}, 8),
    (15, {"max_capacity": 10}, 10),
    (7, {"min_capacity": 4, "max_capacity": 12}, 7),
])
def test_scheduled_actions_move_the_count_only_when_it_is_outside_the_bounds(running, action, after):
    scheduled = [{"schedule": "cron(0 17 ? * FRI *)", "at": "17:00", **action}]
    result = run({"min_capacity": 2, "max_capacity": 40, "scheduled": scheduled}, {"running": running, "start": "16:00"})
    assert result.first("scheduled").after == after


def test_scale_out_is_clamped_by_a_later_scheduled_maximum():
    result = run({"min_capacity": 2, "max_capacity": 20, "target_tracking": [{"metric": CPU, "target": 50}],
                  "scheduled": [{"schedule": "cron(0 19 * * ? *)", "max_capacity": 6, "at": "19:00"}]},
                 {"running": 4, "start": "18:00", "metrics": {CPU: 50}, "timeline": [{"at": "18:30", "metrics": {CPU: 100}}]})
    assert (result.count_at(seconds_of("18:30")), result.count_at(seconds_of("19:05")), result.max_capacity) == (8, 6, 6)


@pytest.mark.parametrize(("tasks", "per_instance", "target_capacity", "instances"), [
    (36, 4, 100, 9), (36, 4, 90, 10), (33, 4, 100, 9), (8, 4, 50, 4), (1, 4, 100, 1),
])
def test_managed_scaling_aims_for_needed_instances_scaled_by_target_capacity(tasks, per_instance, target_capacity, instances):
    assert instances_for(tasks, per_instance, target_capacity)[0] == instances


@pytest.mark.parametrize(("text", "seconds"), [
    ("10:05", 36300), ("00:00", 0), ("23:59", 86340), ("10:05:30", 36330), ("23:59:59", 86399), ("00:00:01", 1),
])
def test_times_round_trip_at_second_resolution(text, seconds):
    assert (seconds_of(text), clock(seconds)) == (seconds, text)


def test_a_whole_minute_is_written_without_its_seconds():
    assert (clock(seconds_of("10:05:00")), clock(86400 + 90)) == ("10:05", "24:01:30")


@pytest.mark.parametrize(("text", "reason"), [
    ("25h", "'25h' is not a time of day: write HH:MM or HH:MM:SS"),
    ("25:00", "'25:00' is out of range: hours run 00-23"),
    ("10:60", "'10:60' is out of range"),
    ("10:05:61", "'10:05:61' is out of range: hours run 00-23, minutes and seconds 00-59"),
    ("10:5", "'10:5' is not a time of day"),
    ("10:05:30:00", "'10:05:30:00' is not a time of day"),
    ("noon", "'noon' is not a time of day"),
])
def test_a_malformed_time_says_what_it_got_and_what_to_write(text, reason):
    with pytest.raises(ValueError, match=reason):
        seconds_of(text)


@pytest.mark.parametrize(("count", "fargate", "spot"), [(2, 2, 0), (6, 3, 3), (10, 4, 6), (26, 8, 18)])
def test_the_base_is_placed_first_and_does_not_count_towards_the_weights(count, fargate, spot):
    strategy = (StrategyItem("FARGATE", base=2, weight=1), StrategyItem("FARGATE_SPOT", weight=3))
    assert split_by_strategy(count, strategy) == {"FARGATE": fargate, "FARGATE_SPOT": spot}


@pytest.mark.parametrize(("comparison", "metric", "wanted"), [(">=", 50, 11), ("<=", 50, 9)])
def test_a_metric_exactly_at_the_threshold_uses_the_alarm_side(comparison, metric, wanted):
    """StepAdjustment: [0, 10) holds 50 for a >= 50 alarm, (-10, 0] holds it for a <= 50 alarm."""
    policy = STEP.validate_python({"alarm": {"metric": "CPUUtilization", "threshold": 50, "comparison": comparison},
                                   "adjustment_type": "ChangeInCapacity",
                                   "steps": [{"upper": -10, "adjustment": -2}, {"lower": -10, "upper": 0, "adjustment": -1},
                                             {"lower": 0, "upper": 10, "adjustment": 1}, {"lower": 10, "adjustment": 2}]})
    assert step_outcome(policy, 10, metric).wanted == wanted


def test_zero_alb_requests_is_no_data_and_no_scale_in():
    """ELB publishes no request metrics without requests; target tracking does not scale in on missing data."""
    result = run({"min_capacity": 0, "max_capacity": 6,
                  "target_tracking": [{"metric": "ALBRequestCountPerTarget", "target": 500, "resource_label": "tg"}]},
                 {"running": 3, "metrics": {"ALBRequestCountPerTarget": 0}})
    assert result.final == 3


QUEUE = "QueueAgeSeconds"


def queue_policy(alarm: dict, cooldown: int = 300) -> dict:
    """A +2 ChangeInCapacity step policy on a queue-age alarm at 60 seconds."""
    return {"alarm": {"metric": QUEUE, "threshold": 60, **alarm}, "adjustment_type": "ChangeInCapacity",
            "cooldown": cooldown, "steps": [{"lower": 0, "adjustment": 2}]}


def burst(length: str) -> dict:
    """A queue age of 90 from 10:00 for a while, 10 before and after."""
    return {"running": 4, "start": "09:50", "metrics": {QUEUE: 10},
            "timeline": [{"at": "10:00", "metrics": {QUEUE: 90}}, {"at": length, "metrics": {QUEUE: 10}}]}


@pytest.mark.parametrize(("alarm", "burst_ends", "first_step"), [
    ({}, "10:01:30", "10:00"),
    ({"evaluation_periods": 3}, "10:01:30", None),
    ({"evaluation_periods": 3}, "10:02:20", None),
    ({"evaluation_periods": 3}, "10:02:40", "10:02"),
    ({"evaluation_periods": 3}, "10:03:00", "10:02"),
    ({"evaluation_periods": 3, "datapoints_to_alarm": 2}, "10:01:30", None),
    ({"evaluation_periods": 3, "datapoints_to_alarm": 2}, "10:01:40", "10:01"),
    ({"period": 30, "evaluation_periods": 3}, "10:01:30", "10:01"),
    ({"period": 120, "evaluation_periods": 1}, "10:01:00", None),
    ({"period": 120, "evaluation_periods": 1}, "10:01:30", "10:00"),
    ({"period": 120, "evaluation_periods": 1}, "10:02:00", "10:00"),
])
def test_a_step_alarm_needs_its_datapoints_averaged_over_each_period(alarm, burst_ends, first_step):
    result = run({"min_capacity": 1, "max_capacity": 20, "step_scaling": [queue_policy(alarm)]}, burst(burst_ends))
    step = result.first("step")
    assert (step.at if step else None) == first_step


@pytest.mark.parametrize(("cooldown", "second_step"), [(60, "10:01"), (90, "10:02"), (120, "10:02"), (121, "10:03")])
def test_a_cooldown_in_seconds_ends_at_the_first_whole_minute_after_it(cooldown, second_step):
    load = {"running": 4, "start": "10:00", "metrics": {QUEUE: 90}}
    result = run({"min_capacity": 1, "max_capacity": 20, "step_scaling": [queue_policy({}, cooldown)]}, load)
    assert [e.at for e in result.events][:2] == ["10:00", second_step]


def test_a_load_change_off_the_minute_is_acted_on_at_the_next_whole_minute():
    load = {"running": 4, "start": "10:00", "metrics": {CPU: 50}, "timeline": [{"at": "10:00:30", "metrics": {CPU: 100}}]}
    result = run({"min_capacity": 1, "max_capacity": 20, "target_tracking": [{"metric": CPU, "target": 50}]}, load)
    assert [(e.at, e.after) for e in result.events][:1] == [("10:01", 8)]
    assert [result.count_at(seconds_of(t)) for t in ("10:00:59", "10:01")] == [4, 8]


def test_a_scheduled_action_runs_at_its_own_second():
    scheduled = [{"schedule": "at(2026-12-04T08:00:30)", "min_capacity": 9, "at": "08:00:30"}]
    result = run({"min_capacity": 2, "max_capacity": 20, "scheduled": scheduled}, {"running": 3, "start": "08:00"})
    assert [result.count_at(seconds_of(t)) for t in ("08:00:29", "08:00:30")] == [3, 9]
    assert result.first("scheduled").working.startswith("scheduled action at 08:00:30")
