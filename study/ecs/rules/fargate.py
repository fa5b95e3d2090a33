"""Fargate rules: task sizes, the network mode, DAEMON services, log drivers, stop timeouts and Spot (fargate_limits: the rest)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts import fargate
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.compute import SmallestFargateSize
from ..rule import Rule
from ..vocab.compute import LaunchType, NetworkMode, OperatingSystem, SchedulingStrategy
from ._deployment_views import DOCS, task_definitions_in_use, validated_for_fargate


def _fargate_task_size(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, on_fargate, _pv in task_definitions_in_use(dep):
        if not (on_fargate or LaunchType.FARGATE in td.requires_compatibilities):
            continue
        where = f"task_definitions.{name}"
        if td.cpu is None or td.memory is None:
            yield Breach(f"Task definition '{name}' runs on Fargate but does not set task-level cpu and memory.", where, Stage.REGISTER)
        elif not fargate.is_valid_size(td.cpu, td.memory, td.os):
            options = fargate.memory_options(td.cpu, td.os)
            hint = (f"with cpu {td.cpu} memory may be {_ranges(options)}" if options
                    else f"cpu must be one of {', '.join(map(str, fargate.cpu_options(td.os)))} on {td.os.value.title()}")
            yield Breach(f"Task definition '{name}' asks Fargate for cpu {td.cpu} and memory {td.memory} MiB, "
                         f"which is not a valid Fargate size: {hint}.", f"{where}.memory", Stage.REGISTER)


def _ranges(options: tuple[int, ...]) -> str:
    if len(options) <= 3:
        return ", ".join(map(str, options)) + " MiB"
    return f"{options[0]} to {options[-1]} MiB in steps of {options[1] - options[0]}"


def _large_sizes_need_new_platform(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, on_fargate, pv in task_definitions_in_use(dep):
        # Windows has no 8, 16 or 32 vCPU row at all; FG01 reports that, so this rule is about Linux only.
        linux = td.os is OperatingSystem.LINUX
        if on_fargate and linux and td.cpu in fargate.LARGE_CPU and fargate.platform_version(pv, td.os) < (1, 4, 0):
            yield Breach(f"Task definition '{name}' asks for {td.cpu // 1024} vCPU on platform version {pv}; "
                         "the 8, 16 and 32 vCPU sizes need Linux platform version 1.4.0 or later.",
                         f"task_definitions.{name}.cpu", Stage.LAUNCH)


def _containers_fit_task_size(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _on_fargate, _pv in task_definitions_in_use(dep):
        cpu = sum(c.cpu or 0 for c in td.containers.values())
        memory = sum(c.memory_reservation or c.memory or 0 for c in td.containers.values())
        if td.cpu is not None and cpu > td.cpu:
            yield Breach(f"The containers of '{name}' reserve {cpu} CPU units together, more than the task's {td.cpu}.",
                         f"task_definitions.{name}.cpu", Stage.REGISTER)
        if td.memory is not None and memory > td.memory:
            yield Breach(f"The containers of '{name}' reserve {memory} MiB together, more than the task's {td.memory} MiB.",
                         f"task_definitions.{name}.memory", Stage.REGISTER)


def _fargate_network_mode(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _pv in validated_for_fargate(dep):
        if td.network_mode not in (None, NetworkMode.AWSVPC):
            yield Breach(f"Task definition '{name}' uses network mode {td.network_mode.value}; Fargate supports only awsvpc.",
                         f"task_definitions.{name}.network_mode", Stage.REGISTER)


def _no_daemon_on_fargate(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        fargate_strategy = any(i.provider in ("FARGATE", "FARGATE_SPOT") for i in service.capacity_provider_strategy)
        if service.scheduling_strategy is SchedulingStrategy.DAEMON and (service.launch_type is LaunchType.FARGATE or fargate_strategy):
            yield Breach(f"Service '{name}' uses the DAEMON scheduling strategy on Fargate; Fargate has no instances "
                         "to run one task on each, so only REPLICA is allowed (use a sidecar container instead).",
                         f"services.{name}.scheduling_strategy", Stage.REGISTER)


def _smallest_fargate_size(dep: Deployment, req: SmallestFargateSize) -> Iterator[Breach]:
    td = dep.design.task_definitions.get(req.task_definition)
    if td is None or td.cpu is None or td.memory is None:
        return
    cpu = sum(c.cpu or 0 for c in td.containers.values())
    memory = sum(c.memory_reservation or c.memory or 0 for c in td.containers.values())
    best = fargate.smallest_size_covering(cpu, memory, td.os)
    covers = td.cpu >= cpu and td.memory >= memory
    if best is not None and covers and fargate.is_valid_size(td.cpu, td.memory, td.os) and (td.cpu, td.memory) != best:
        yield Breach(f"The containers of '{req.task_definition}' need {cpu} CPU units and {memory} MiB; the smallest valid "
                     f"Fargate size covering that is cpu {best[0]} / memory {best[1]}, not {td.cpu} / {td.memory}.",
                     f"task_definitions.{req.task_definition}", Stage.REQUIREMENT)


def _fargate_log_drivers(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _pv in validated_for_fargate(dep):
        for cname, c in td.containers.items():
            if c.log_driver is not None and c.log_driver.value not in fargate.LOG_DRIVERS:
                yield Breach(f"Container '{cname}' of '{name}' uses the {c.log_driver.value} log driver; Fargate accepts only "
                             f"{', '.join(fargate.LOG_DRIVERS)} (use awsfirelens with a log router to reach other destinations).",
                             f"task_definitions.{name}.containers.{cname}.log_driver", Stage.REGISTER)


def _fargate_stop_timeout(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, on_fargate, _pv in task_definitions_in_use(dep):
        if not on_fargate:
            continue  # the cap belongs to tasks that run on Fargate; the same revision may run longer on EC2
        for cname, c in td.containers.items():
            if c.stop_timeout is not None and c.stop_timeout > fargate.MAX_STOP_TIMEOUT:
                # The docs give 120 s as the Fargate maximum but not whether registration refuses more, so the
                # finding claims only what is documented: the container never gets more than 120 s.
                yield Breach(f"Container '{cname}' of '{name}' sets stopTimeout {c.stop_timeout} s, above the Fargate maximum of "
                             f"{fargate.MAX_STOP_TIMEOUT} s, so it can't count on more than {fargate.MAX_STOP_TIMEOUT} s "
                             "between SIGTERM and SIGKILL.", f"task_definitions.{name}.containers.{cname}.stop_timeout", Stage.RUN)


def _fargate_spot_support(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    seen = set()
    for task in dep.tasks:
        td = dep.design.task_definitions.get(task.task_definition)
        if task.provider != "FARGATE_SPOT" or td is None or task.owner in seen:
            continue
        seen.add(task.owner)
        pv = _platform_version_of(dep, task.owner)
        if td.os is OperatingSystem.WINDOWS:
            yield Breach(f"'{task.owner}' places Windows tasks of '{task.task_definition}' on FARGATE_SPOT; Fargate Spot runs "
                         "Linux tasks only, so use FARGATE (on-demand) for Windows.", task.owner, Stage.LAUNCH)
        elif fargate.platform_version(pv, td.os) < fargate.SPOT_MIN_LINUX_PLATFORM:
            yield Breach(f"'{task.owner}' runs on FARGATE_SPOT with platform version {pv}; Fargate Spot needs 1.3.0 or later.",
                         task.owner, Stage.LAUNCH)


def _platform_version_of(dep: Deployment, owner: str) -> str:
    spec = dep.design.services.get(owner) or dep.design.tasks.get(owner)
    return spec.platform_version if spec else "LATEST"


FARGATE_TASK_SIZE = Rule(
    id="FG01",
    title="Fargate task sizes come from a fixed table",
    description=("A Fargate task sets task-level cpu and memory, and the pair must be a row of the Fargate size table "
                 "(for example 1 vCPU with 2-8 GB in 1 GB steps, 16 vCPU with 32-120 GB in 8 GB steps, 32 vCPU with 60, 120 "
                 "or 244 GB, Linux only)."),
    source=DOCS + "fargate-tasks-services.html#fargate-tasks-size",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-task-sizes",
    requirement=Deploys,
    check=_fargate_task_size,
)

LARGE_FARGATE_SIZES = Rule(
    id="FG02",
    title="8, 16 and 32 vCPU need platform version 1.4.0",
    description="The 8, 16 and 32 vCPU Fargate sizes exist only for Linux tasks on platform version 1.4.0 or later.",
    source=DOCS + "fargate-tasks-services.html#fargate-tasks-size",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-task-sizes",
    requirement=Deploys,
    check=_large_sizes_need_new_platform,
)

CONTAINERS_FIT_TASK = Rule(
    id="FG03",
    title="Container reservations fit inside the task size",
    description="The cpu and memory that containers reserve add up, and the task-level size must cover the sum.",
    source=DOCS + "fargate-task-size-best-practice.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-task-sizes",
    requirement=Deploys,
    check=_containers_fit_task_size,
)

FARGATE_NETWORK_MODE = Rule(
    id="FG04",
    title="Fargate tasks use the awsvpc network mode",
    description=("Every Fargate task gets its own elastic network interface, so a task definition validated for Fargate must use "
                 "awsvpc (or leave the mode unset); bridge, host and none are refused when it is registered."),
    source=DOCS + "fargate-tasks-services.html#fargate-tasks-networking",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_fargate_network_mode,
)

NO_DAEMON_ON_FARGATE = Rule(
    id="FG05",
    title="No DAEMON services on Fargate",
    description="The DAEMON strategy runs one task on each container instance; Fargate has no instances, so Fargate services are REPLICA.",
    source=DOCS + "ecs_services.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_no_daemon_on_fargate,
)

SMALLEST_FARGATE_SIZE = Rule(
    id="FG06",
    title="Size a Fargate task from the sum of its containers",
    description=("Add up the containers' cpu and memory reservations, then round up to the smallest row of the Fargate size table "
                 "that covers both; anything larger costs more for nothing."),
    source=DOCS + "fargate-task-size-best-practice.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-task-sizes",
    requirement=SmallestFargateSize,
    check=_smallest_fargate_size,
)


FARGATE_LOG_DRIVERS = Rule(
    id="FG07",
    title="Fargate accepts three log drivers",
    description=("Containers on Fargate may log with awslogs, splunk or awsfirelens only; fluentd, syslog, gelf, json-file and "
                 "journald are EC2-only. To reach Fluentd, Fluent Bit or another destination, route through FireLens."),
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#logging",
    requirement=Deploys,
    check=_fargate_log_drivers,
)

FARGATE_STOP_TIMEOUT = Rule(
    id="FG08",
    title="stopTimeout is at most 120 seconds on Fargate",
    description=("After SIGTERM ECS waits stopTimeout seconds before it kills a container: 30 s by default and at most 120 s on "
                 "Fargate, so a larger value buys no more time there. On EC2 the 120-second cap does not apply."),
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#stopping-tasks",
    requirement=Deploys,
    check=_fargate_stop_timeout,
)

FARGATE_SPOT_SUPPORT = Rule(
    id="FG09",
    title="Fargate Spot runs Linux tasks on platform 1.3.0+",
    description="The FARGATE_SPOT capacity provider does not run Windows containers and needs Linux platform version 1.3.0 or later.",
    source=DOCS + "fargate-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-spot",
    requirement=Deploys,
    check=_fargate_spot_support,
)

RULES = (FARGATE_TASK_SIZE, LARGE_FARGATE_SIZES, CONTAINERS_FIT_TASK, FARGATE_NETWORK_MODE, NO_DAEMON_ON_FARGATE,
         SMALLEST_FARGATE_SIZE, FARGATE_LOG_DRIVERS, FARGATE_STOP_TIMEOUT, FARGATE_SPOT_SUPPORT)
