"""Value range rules: numbers AWS refuses when the resource is registered or the API is called.

The bank schema checks only that these values are whole numbers, so a distractor may offer an
out-of-range value and the model rejects it the way AWS would, with the range in the message.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ._deployment_views import capacity_strategies

ECS_API = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/"
ELB_API = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
ASG_API = "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/"


def _outside(value: int, low: int, high: int | None = None) -> bool:
    """True when value lies outside [low, high] (no upper end when high is None)."""
    return value < low or (high is not None and value > high)


def _range_breach(what: str, value: int, low: int, high: int, where: str, refused_by: str) -> Breach:
    """The message every range rule gives: the value, the range, and the call that refuses it."""
    return Breach(f"{what} is {value}, but {refused_by} accepts only {low} to {high}: the call fails with a validation "
                  "error.", where, Stage.REGISTER)


def _target_capacity(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cp in dep.design.cluster.capacity_providers.items():
        if cp.auto_scaling_group is not None and _outside(cp.target_capacity, 1, 100):
            yield _range_breach(f"The targetCapacity of capacity provider '{name}'", cp.target_capacity, 1, 100,
                                f"cluster.capacity_providers.{name}.target_capacity", "CreateCapacityProvider")


def _scaling_step_sizes(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cp in dep.design.cluster.capacity_providers.items():
        if cp.auto_scaling_group is None:
            continue
        for key, value in (("minimum_scaling_step_size", cp.minimum_scaling_step_size),
                           ("maximum_scaling_step_size", cp.maximum_scaling_step_size)):
            if _outside(value, 1, 10000):
                yield _range_breach(f"The {key.replace('_', ' ')} of capacity provider '{name}'", value, 1, 10000,
                                    f"cluster.capacity_providers.{name}.{key}", "CreateCapacityProvider")


def _strategy_numbers(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for where, strategy in capacity_strategies(dep):
        for index, item in enumerate(strategy):
            if _outside(item.base, 0, 100000):
                yield _range_breach(f"The base of {item.provider} in the strategy at {where}", item.base, 0, 100000,
                                    f"{where}.{index}.base", "a capacity provider strategy")
            if _outside(item.weight, 0, 1000):
                yield _range_breach(f"The weight of {item.provider} in the strategy at {where}", item.weight, 0, 1000,
                                    f"{where}.{index}.weight", "a capacity provider strategy")
        if all(item.weight <= 0 for item in strategy) and len(strategy) > 1:
            yield Breach(f"Every provider in the strategy at {where} has weight 0; with several providers at least one "
                         "needs a weight above 0, so the call that uses the strategy fails.", where, Stage.REGISTER)


def _run_task_count(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, task in dep.design.tasks.items():
        if _outside(task.count, 1, 10):
            yield _range_breach(f"The count of standalone task '{name}'", task.count, 1, 10, f"tasks.{name}.count",
                                "RunTask (one call starts at most 10 tasks)")


def _target_group_health_checks(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, group in dep.design.target_groups.items():
        if _outside(group.health_check_interval_seconds, 5, 300):
            yield _range_breach(f"The health check interval of target group '{name}'", group.health_check_interval_seconds,
                                5, 300, f"target_groups.{name}.health_check_interval_seconds", "CreateTargetGroup")
        if _outside(group.unhealthy_threshold, 2, 10):
            yield _range_breach(f"The unhealthy threshold of target group '{name}'", group.unhealthy_threshold, 2, 10,
                                f"target_groups.{name}.unhealthy_threshold", "CreateTargetGroup")


def _deregistration_delay(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, group in dep.design.target_groups.items():
        if _outside(group.deregistration_delay_seconds, 0, 3600):
            yield _range_breach(f"The deregistration delay of target group '{name}'", group.deregistration_delay_seconds,
                                0, 3600, f"target_groups.{name}.deregistration_delay_seconds",
                                "the deregistration_delay.timeout_seconds attribute")


HEALTH_CHECK_RANGES = (("interval_seconds", "interval", 5, 300), ("timeout_seconds", "timeout", 2, 60),
                       ("retries", "retries", 1, 10), ("start_period_seconds", "startPeriod", 0, 300))


def _container_health_checks(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for family, td in dep.design.task_definitions.items():
        for container, spec in td.containers.items():
            check = spec.health_check
            for key, api_name, low, high in HEALTH_CHECK_RANGES if check is not None else ():
                value = getattr(check, key)
                if _outside(value, low, high):
                    yield _range_breach(f"The health check {api_name} of container '{container}' in '{family}'", value,
                                        low, high, f"task_definitions.{family}.containers.{container}.health_check.{key}",
                                        "RegisterTaskDefinition")


def _group_desired_within_bounds(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, group in dep.design.cluster.auto_scaling_groups.items():
        if group.min_size > group.max_size or _outside(group.desired, group.min_size, group.max_size):
            yield Breach(f"Auto Scaling group '{name}' has MinSize {group.min_size}, DesiredCapacity {group.desired} and "
                         f"MaxSize {group.max_size}; the desired capacity must lie between MinSize and MaxSize (and MinSize "
                         "may not exceed MaxSize), so the group is refused.",
                         f"cluster.auto_scaling_groups.{name}.desired", Stage.REGISTER)


TARGET_CAPACITY = Rule(
    id="RNG01",
    title="Managed scaling targetCapacity is a percent from 1 to 100",
    description=("A capacity provider's targetCapacity must be above 0 and at most 100; 100 fills the instances completely, lower "
                 "values keep spare room. Any other value is refused when the capacity provider is created or updated."),
    source=ECS_API + "API_ManagedScaling.html",
    source_checked=date(2026, 12, 6),
    taught_in="auto-scaling#managed-scaling",
    requirement=Deploys,
    check=_target_capacity,
)

SCALING_STEP_SIZES = Rule(
    id="RNG02",
    title="Managed scaling step sizes are from 1 to 10,000 instances",
    description=("minimumScalingStepSize and maximumScalingStepSize bound how many instances managed scaling adds at once; "
                 "each must be between 1 and 10,000, or the capacity provider is refused."),
    source=ECS_API + "API_ManagedScaling.html",
    source_checked=date(2026, 12, 6),
    taught_in="auto-scaling#managed-scaling",
    requirement=Deploys,
    check=_scaling_step_sizes,
)

STRATEGY_NUMBERS = Rule(
    id="RNG03",
    title="A strategy's base is 0-100,000 and its weight 0-1,000",
    description=("In a capacity provider strategy, base (tasks placed on a provider first) may be 0 to 100,000 and weight (the "
                 "share of the rest) 0 to 1,000; with several providers at least one weight must be above 0."),
    source=ECS_API + "API_CapacityProviderStrategyItem.html",
    source_checked=date(2026, 12, 6),
    taught_in="auto-scaling#capacity-providers",
    requirement=Deploys,
    check=_strategy_numbers,
)

RUN_TASK_COUNT = Rule(
    id="RNG04",
    title="RunTask starts 1 to 10 tasks per call",
    description="The count of one RunTask call is between 1 and 10; more tasks need more calls (or a service).",
    source=ECS_API + "API_RunTask.html",
    source_checked=date(2026, 12, 6),
    taught_in="auto-scaling#service-auto-scaling",
    requirement=Deploys,
    check=_run_task_count,
)

TARGET_GROUP_HEALTH_CHECKS = Rule(
    id="RNG05",
    title="Target group health checks run every 5-300 s and fail a target after 2-10 misses",
    description=("A target group's health check interval is 5 to 300 seconds and its unhealthy threshold 2 to 10 checks; other "
                 "values are refused when the target group is created or modified."),
    source=ELB_API + "API_CreateTargetGroup.html",
    source_checked=date(2026, 12, 6),
    taught_in="load-balancers#health-checks",
    requirement=Deploys,
    check=_target_group_health_checks,
)

DEREGISTRATION_DELAY = Rule(
    id="RNG06",
    title="The deregistration delay is 0 to 3,600 seconds",
    description=("A target group drains a deregistering target for deregistration_delay.timeout_seconds, which must be between 0 "
                 "and 3,600 seconds (300 by default)."),
    source=ELB_API + "API_TargetGroupAttribute.html",
    source_checked=date(2026, 12, 6),
    taught_in="load-balancers#health-checks",
    requirement=Deploys,
    check=_deregistration_delay,
)

CONTAINER_HEALTH_CHECKS = Rule(
    id="RNG07",
    title="Container health checks: interval 5-300 s, timeout 2-60 s, 1-10 retries, start period 0-300 s",
    description=("A container definition's healthCheck accepts an interval of 5 to 300 seconds, a timeout of 2 to 60 seconds, 1 to "
                 "10 retries and a start period of 0 to 300 seconds; other values make RegisterTaskDefinition fail."),
    source=ECS_API + "API_HealthCheck.html",
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#task-definitions",
    requirement=Deploys,
    check=_container_health_checks,
)

GROUP_DESIRED_WITHIN_BOUNDS = Rule(
    id="RNG08",
    title="An Auto Scaling group's desired capacity lies between its MinSize and MaxSize",
    description=("EC2 Auto Scaling refuses a group whose DesiredCapacity is below MinSize or above MaxSize, or whose MinSize is "
                 "above MaxSize."),
    source=ASG_API + "API_CreateAutoScalingGroup.html",
    source_checked=date(2026, 12, 6),
    taught_in="auto-scaling#managed-scaling",
    requirement=Deploys,
    check=_group_desired_within_bounds,
)

RULES: tuple[Rule, ...] = (TARGET_CAPACITY, SCALING_STEP_SIZES, STRATEGY_NUMBERS, RUN_TASK_COUNT,
                           TARGET_GROUP_HEALTH_CHECKS, DEREGISTRATION_DELAY, CONTAINER_HEALTH_CHECKS, GROUP_DESIRED_WITHIN_BOUNDS)
