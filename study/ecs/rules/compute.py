"""Compute rules: references, capacity, log routing, stopping tasks and scratch space."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts import fargate
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.compute import AllTasksRunning, LogsReach, ShutdownCompletes
from ..rule import Rule
from ..vocab.compute import Container, LogDriver, Service, StandaloneTask, TaskDefinition
from ._deployment_views import DOCS, task_definitions_in_use
from .compute_options import find_owner


def _references_resolve(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for kind, owners in (("service", design.services), ("task", design.tasks)):
        for name, spec in owners.items():
            if spec.task_definition not in design.task_definitions:
                yield Breach(f"The {kind} '{name}' names task definition '{spec.task_definition}', which the design does not define.",
                             f"{kind}s.{name}.task_definition", Stage.REGISTER)
    for name, td in design.task_definitions.items():
        for role_key in ("task_role", "execution_role"):
            role = getattr(td, role_key)
            if role is not None and role not in design.roles:
                yield Breach(f"Task definition '{name}' names {role_key.replace('_', ' ')} '{role}', which does not exist.",
                             f"task_definitions.{name}.{role_key}", Stage.REGISTER)


def _all_tasks_running(dep: Deployment, req: AllTasksRunning) -> Iterator[Breach]:
    tasks = dep.tasks_of(req.of)
    waiting = [t for t in tasks if t.state.value != "RUNNING"]
    if not tasks:
        yield Breach(f"'{req.of}' starts no tasks at all.", req.of, Stage.LAUNCH)
    elif waiting:
        states = sorted({t.state.value for t in waiting})
        yield Breach(f"{len(waiting)} of the {len(tasks)} tasks of '{req.of}' stay {'/'.join(states)}: {waiting[0].reason}.",
                     req.of, Stage.LAUNCH)


def _firelens_needs_router(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td in dep.design.task_definitions.items():
        users = [c for c, spec in td.containers.items() if spec.log_driver is LogDriver.AWSFIRELENS]
        if users and not any(spec.firelens_router for spec in td.containers.values()):
            yield Breach(f"Container(s) {', '.join(users)} of '{name}' log with awsfirelens, but the task definition has no "
                         "log router container with a firelensConfiguration.", f"task_definitions.{name}.containers", Stage.REGISTER)


def log_route(td: TaskDefinition, container: Container) -> tuple[str | None, str]:
    """Where one container's logs end up, and how they get there."""
    driver = container.log_driver
    if driver is None:
        return None, "has no log configuration, so its output is not shipped anywhere"
    if driver is LogDriver.AWSLOGS:
        return "cloudwatch-logs", "uses awslogs, which writes to CloudWatch Logs"
    if driver is LogDriver.AWSFIRELENS:
        router = next(((n, c) for n, c in td.containers.items() if c.firelens_router), None)
        if router is None:
            return None, "uses awsfirelens but the task has no FireLens router"
        return router[1].log_destination, f"goes through the FireLens router '{router[0]}' to {router[1].log_destination or 'nowhere'}"
    if driver in (LogDriver.JSON_FILE, LogDriver.JOURNALD):
        return "host", f"uses {driver.value}, which keeps the logs on the host"
    if driver is LogDriver.SPLUNK:
        return "splunk", "uses the splunk driver, which sends to the Splunk HTTP Event Collector"
    destination = container.log_destination
    return destination, f"uses the {driver.value} driver to send to {destination or 'nowhere'}"


def _logs_reach(dep: Deployment, req: LogsReach) -> Iterator[Breach]:
    td = dep.design.task_definitions.get(req.task_definition)
    if td is None:
        return
    has_router = any(c.firelens_router for c in td.containers.values())
    for cname, container in td.containers.items():
        if container.firelens_router or (container.log_driver is LogDriver.AWSFIRELENS and not has_router):
            continue  # a missing router is LT03's finding
        destination, how = log_route(td, container)
        if destination != req.destination:
            yield Breach(f"Container '{cname}' of '{req.task_definition}' {how}, not straight to {req.destination}.",
                         f"task_definitions.{req.task_definition}.containers.{cname}.log_driver", Stage.REQUIREMENT)


def _shutdown_completes(dep: Deployment, req: ShutdownCompletes) -> Iterator[Breach]:
    spec = find_owner(dep.design, req.of)
    td = dep.design.task_definitions.get(spec.task_definition) if spec else None
    if td is None:
        return
    tasks = dep.tasks_of(req.of)
    on_fargate = any(t.on_fargate for t in tasks)
    on_spot = any(t.provider == "FARGATE_SPOT" for t in tasks)
    for cname, c in td.containers.items():
        if c.shutdown_seconds == 0:
            continue
        window = c.stop_timeout if c.stop_timeout is not None else fargate.DEFAULT_STOP_TIMEOUT
        if on_fargate and window > fargate.MAX_STOP_TIMEOUT:
            continue  # FG08 rejects the task definition
        where = f"task_definitions.{spec.task_definition}.containers.{cname}"
        note = _spot_note(spec, on_spot)
        if not c.handles_sigterm:
            yield Breach(f"Container '{cname}' of '{spec.task_definition}' ignores SIGTERM, so its {c.shutdown_seconds}-second "
                         f"shutdown work never starts before SIGKILL arrives {window} s later.{note}", f"{where}.handles_sigterm", Stage.RUN)
        elif c.shutdown_seconds > window:
            yield Breach(f"Container '{cname}' of '{spec.task_definition}' needs {c.shutdown_seconds} s to shut down, but ECS "
                         f"kills it {window} s after SIGTERM (stopTimeout {c.stop_timeout or 'not set, default 30'}).{note}",
                         f"{where}.stop_timeout", Stage.RUN)


def _spot_note(spec: Service | StandaloneTask, on_spot: bool) -> str:
    if not on_spot:
        return ""
    note = " Fargate Spot sends SIGTERM with a two-minute warning."
    if getattr(spec, "scale_in_protected", False):
        note += " Task scale-in protection does not hold off a Spot reclaim."
    return note


def _privileges_granted(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _on_fargate, _pv in task_definitions_in_use(dep):
        for cname, c in td.containers.items():
            granted = {cap.upper().removeprefix("CAP_") for cap in c.linux_capabilities_add}
            missing = [n for n in c.needs if not c.privileged and
                       (n.lower() == "privileged" or n.upper().removeprefix("CAP_") not in granted)]
            if missing:
                yield Breach(f"Container '{cname}' of '{name}' needs {', '.join(missing)} to work but is not given "
                             f"{'it' if len(missing) == 1 else 'them'}, so it fails at run time.",
                             f"task_definitions.{name}.containers.{cname}", Stage.RUN)


REFERENCES_RESOLVE = Rule(
    id="LT01",
    title="Names in a design point at things that exist",
    description="Services name a task definition and task definitions name roles; ECS rejects a reference to something that does not exist.",
    source=DOCS + "task_definition_parameters.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#task-definitions",
    requirement=Deploys,
    check=_references_resolve,
)

ALL_TASKS_RUNNING = Rule(
    id="LT02",
    title="Tasks wait when their capacity cannot grow",
    description=("A task that finds no capacity does not run: with a capacity provider it waits in PROVISIONING until managed "
                 "scaling adds an instance (never beyond the group's MaxSize); with a launch type it is not placed at all."),
    source=DOCS + "asg-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#ec2-launch-type",
    requirement=AllTasksRunning,
    check=_all_tasks_running,
)

FIRELENS_NEEDS_ROUTER = Rule(
    id="LT03",
    title="awsfirelens needs a log router container",
    description=("Containers that log with the awsfirelens driver hand their logs to a Fluent Bit or Fluentd router container in the "
                 "same task, marked with firelensConfiguration; without that container the task definition is incomplete."),
    source=DOCS + "firelens-taskdef.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#logging",
    requirement=Deploys,
    check=_firelens_needs_router,
)

LOGS_REACH = Rule(
    id="LT04",
    title="Each log driver has one destination",
    description=("awslogs writes to CloudWatch Logs, splunk to Splunk, fluentd/syslog/gelf to their address (EC2 only), and "
                 "awsfirelens to whatever the task's FireLens router forwards to."),
    source=DOCS + "using_firelens.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#logging",
    requirement=LogsReach,
    check=_logs_reach,
)

SHUTDOWN_COMPLETES = Rule(
    id="LT05",
    title="Shutdown work must fit between SIGTERM and SIGKILL",
    description=("Stopping a task sends SIGTERM, then SIGKILL after the container's stopTimeout (default 30 s; at most 120 s on "
                 "Fargate, which is also the Fargate Spot warning). A process that ignores SIGTERM or needs longer is cut off."),
    source=DOCS + "fargate-capacity-providers.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#stopping-tasks",
    requirement=ShutdownCompletes,
    check=_shutdown_completes,
)

PRIVILEGES_GRANTED = Rule(
    id="LT06",
    title="A container gets only the privileges it is given",
    description=("Docker-in-Docker needs a privileged container and tracing tools need the SYS_PTRACE capability; a container "
                 "that needs more than its definition grants registers fine and then fails while running."),
    source=DOCS + "task_definition_parameters.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_privileges_granted,
)

RULES = (REFERENCES_RESOLVE, ALL_TASKS_RUNNING, FIRELENS_NEEDS_ROUTER, LOGS_REACH, SHUTDOWN_COMPLETES,
         PRIVILEGES_GRANTED)
