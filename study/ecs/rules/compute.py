"""Compute rules: references, capacity, log routing, GPUs, stopping tasks and where tasks run."""

from __future__ import annotations

from collections.abc import Iterator

from ..deploy import Deployment
from ..facts import fargate
from ..facts.instances import INSTANCE_TYPES
from ..findings import Breach, Stage
from ..placement import capacity_request
from ..requirements.base import Deploys
from ..requirements.compute import AllTasksRunning, LogsReach, NoInstancesToManage, RunsOnPremises, ScratchSpace, ShutdownCompletes
from ..rule import Rule
from ..vocab import Design
from ..vocab.compute import Container, LaunchType, LogDriver, Service, StandaloneTask, TaskDefinition
from ._helpers import CHECKED, DOCS

GPU_AMI = "ecs-gpu-optimized"


def _owners(design: Design) -> Iterator[tuple[str, str, Service | StandaloneTask]]:
    """(name, kind path, spec) of every service and standalone task."""
    for name, spec in design.services.items():
        yield name, "services", spec
    for name, spec in design.tasks.items():
        yield name, "tasks", spec


def _owner(design: Design, name: str) -> Service | StandaloneTask | None:
    return design.services.get(name) or design.tasks.get(name)


def capacity_kinds(design: Design, spec: Service | StandaloneTask) -> list[str]:
    """Where a service's tasks go: FARGATE, FARGATE_SPOT, EC2, EXTERNAL, MANAGED_INSTANCES, asg:<provider>, managed:<provider>."""
    request = capacity_request(design, spec.launch_type, spec.capacity_provider_strategy)
    if request.launch_type is not None:
        return [request.launch_type.value]
    kinds = []
    for item in request.strategy:
        if item.provider in ("FARGATE", "FARGATE_SPOT"):
            kinds.append(item.provider)
        elif item.provider in design.cluster.managed_instances:
            kinds.append(f"managed:{item.provider}")
        else:
            kinds.append(f"asg:{item.provider}")
    return kinds


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
    destination = container.log_destination or ("splunk" if driver is LogDriver.SPLUNK else None)
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


def _gpu_capacity(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, path, spec in _owners(design):
        td = design.task_definitions.get(spec.task_definition)
        gpus = sum(c.gpu for c in td.containers.values()) if td else 0
        if not gpus:
            continue
        for kind in capacity_kinds(design, spec):
            problem = _gpu_problem(design, kind)
            if problem:
                yield Breach(f"'{name}' asks for {gpus} GPU(s) per task, but {problem}.", f"{path}.{name}", Stage.LAUNCH)


def _gpu_problem(design: Design, kind: str) -> str | None:
    """Why this capacity cannot supply GPUs, or None when it can (Fargate is FG04's concern)."""
    if kind.startswith("managed:") or kind == "MANAGED_INSTANCES":
        providers = [kind.removeprefix("managed:")] if kind.startswith("managed:") else list(design.cluster.managed_instances)
        if any(design.cluster.managed_instances[p].gpus for p in providers if p in design.cluster.managed_instances):
            return None
        return "the ECS Managed Instances provider's instance requirements include no GPU accelerators"
    if kind not in ("EC2",) and not kind.startswith("asg:"):
        return None
    provider = design.cluster.capacity_providers.get(kind.removeprefix("asg:"))
    groups = {n: g for n, g in design.cluster.auto_scaling_groups.items() if provider is None or n == provider.auto_scaling_group}
    gpu_groups = {n: g for n, g in groups.items() if INSTANCE_TYPES.get(g.instance_type) and INSTANCE_TYPES[g.instance_type].gpus}
    if not gpu_groups:
        types = ", ".join(sorted({g.instance_type for g in groups.values()})) or "none"
        return f"its container instances have no GPUs (instance types: {types}); use a GPU type such as g4dn or p3"
    if not any(g.ami == GPU_AMI for g in gpu_groups.values()):
        names = ", ".join(f"'{n}' ({g.ami})" for n, g in gpu_groups.items())
        return f"the GPU instances of {names} do not run the ECS GPU-optimized AMI, so the agent registers no GPUs"
    return None


def _shutdown_completes(dep: Deployment, req: ShutdownCompletes) -> Iterator[Breach]:
    spec = _owner(dep.design, req.of)
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


def _no_instances_to_manage(dep: Deployment, req: NoInstancesToManage) -> Iterator[Breach]:
    spec = _owner(dep.design, req.of)
    if spec is None:
        return
    for kind in capacity_kinds(dep.design, spec):
        if kind == "EC2" or kind.startswith("asg:"):
            via = f" of capacity provider '{kind.removeprefix('asg:')}'" if kind.startswith("asg:") else " (EC2 launch type)"
            yield Breach(f"'{req.of}' runs on EC2 container instances{via} that the team launches, patches and scales itself.",
                         req.of, Stage.REQUIREMENT)
        elif kind == "EXTERNAL":
            yield Breach(f"'{req.of}' runs on external instances (ECS Anywhere), servers the team operates itself.", req.of, Stage.REQUIREMENT)


def _runs_on_premises(dep: Deployment, req: RunsOnPremises) -> Iterator[Breach]:
    spec = _owner(dep.design, req.of)
    if spec is None:
        return
    kinds = capacity_kinds(dep.design, spec)
    if kinds != [LaunchType.EXTERNAL.value]:
        yield Breach(f"'{req.of}' runs on {', '.join(k.split(':')[0] for k in kinds)} capacity in an AWS Region; only the "
                     "EXTERNAL launch type (ECS Anywhere) runs tasks on your own servers.", req.of, Stage.REQUIREMENT)
    elif dep.design.cluster.external_instances == 0:
        yield Breach(f"'{req.of}' uses the EXTERNAL launch type, but no on-premises server is registered with the cluster "
                     "(install the SSM agent and the ECS agent with an activation).", req.of, Stage.LAUNCH)


def _scratch_space(dep: Deployment, req: ScratchSpace) -> Iterator[Breach]:
    td = dep.design.task_definitions.get(req.task_definition)
    on_fargate = any(t.on_fargate for t in dep.tasks if t.task_definition == req.task_definition)
    if td is None or not on_fargate:
        return  # on EC2 the scratch space is the instance's own disk, sized with the launch template
    size = td.ephemeral_storage_gib or fargate.EPHEMERAL_DEFAULT_GIB
    if size < req.gib:
        yield Breach(f"Tasks of '{req.task_definition}' get {size} GiB of Fargate ephemeral storage"
                     f"{' (the default; task size does not change it)' if td.ephemeral_storage_gib is None else ''}, "
                     f"less than the {req.gib} GiB they need.", f"task_definitions.{req.task_definition}.ephemeral_storage_gib",
                     Stage.RUN)


REFERENCES_RESOLVE = Rule(
    "LT01", "Names in a design point at things that exist",
    "Services name a task definition and task definitions name roles; ECS rejects a reference to something that does not exist.",
    DOCS + "task_definition_parameters.html", CHECKED, "launch-types#task-definitions",
    Deploys, _references_resolve)

ALL_TASKS_RUNNING = Rule(
    "LT02", "Tasks wait when their capacity cannot grow",
    "A task that finds no capacity does not run: with a capacity provider it waits in PROVISIONING until managed "
    "scaling adds an instance (never beyond the group's MaxSize); with a launch type it is not placed at all.",
    DOCS + "asg-capacity-providers.html", CHECKED, "launch-types#ec2-launch-type",
    AllTasksRunning, _all_tasks_running)

FIRELENS_NEEDS_ROUTER = Rule(
    "LT03", "awsfirelens needs a log router container",
    "Containers that log with the awsfirelens driver hand their logs to a Fluent Bit or Fluentd router container in the "
    "same task, marked with firelensConfiguration; without that container the task definition is incomplete.",
    DOCS + "firelens-taskdef.html", CHECKED, "launch-types#logging",
    Deploys, _firelens_needs_router)

LOGS_REACH = Rule(
    "LT04", "Each log driver has one destination",
    "awslogs writes to CloudWatch Logs, splunk to Splunk, fluentd/syslog/gelf to their address (EC2 only), and "
    "awsfirelens to whatever the task's FireLens router forwards to.",
    DOCS + "using_firelens.html", CHECKED, "launch-types#logging",
    LogsReach, _logs_reach)

GPU_CAPACITY = Rule(
    "LT05", "GPU tasks need GPU container instances",
    "ECS places a task that reserves GPUs only on instances that register GPUs: a GPU instance type (p or g family) "
    "running the ECS GPU-optimized AMI, or an ECS Managed Instances provider whose instance requirements include GPUs.",
    DOCS + "ecs-gpu.html", CHECKED, "launch-types#gpus",
    Deploys, _gpu_capacity)

SHUTDOWN_COMPLETES = Rule(
    "LT06", "Shutdown work must fit between SIGTERM and SIGKILL",
    "Stopping a task sends SIGTERM, then SIGKILL after the container's stopTimeout (default 30 s; at most 120 s on "
    "Fargate, which is also the Fargate Spot warning). A process that ignores SIGTERM or needs longer is cut off.",
    DOCS + "fargate-capacity-providers.html", CHECKED, "launch-types#stopping-tasks",
    ShutdownCompletes, _shutdown_completes)

NO_INSTANCES_TO_MANAGE = Rule(
    "LT07", "Only Fargate and Managed Instances take the servers off your hands",
    "With the EC2 launch type or an Auto Scaling group capacity provider you patch and scale the instances, and ECS "
    "Anywhere runs on your own servers; Fargate and ECS Managed Instances leave that to AWS.",
    DOCS + "launch_types.html", CHECKED, "launch-types#choosing",
    NoInstancesToManage, _no_instances_to_manage)

RUNS_ON_PREMISES = Rule(
    "LT08", "ECS Anywhere runs tasks on your own servers",
    "The EXTERNAL launch type places tasks on on-premises servers or VMs registered with the cluster through the "
    "SSM agent and the ECS agent; every other option runs in an AWS Region.",
    DOCS + "ecs-anywhere.html", CHECKED, "launch-types#other-compute",
    RunsOnPremises, _runs_on_premises)

SCRATCH_SPACE = Rule(
    "LT09", "Fargate scratch space is the ephemeral storage size",
    "A Fargate task's local disk is its ephemeral storage: 20 GiB unless ephemeralStorage.sizeInGiB raises it "
    "(up to 200 GiB); a bigger cpu/memory size does not add disk.",
    DOCS + "fargate-task-storage.html", CHECKED, "launch-types#fargate-limits",
    ScratchSpace, _scratch_space)

RULES = (REFERENCES_RESOLVE, ALL_TASKS_RUNNING, FIRELENS_NEEDS_ROUTER, LOGS_REACH, GPU_CAPACITY, SHUTDOWN_COMPLETES,
         NO_INSTANCES_TO_MANAGE, RUNS_ON_PREMISES, SCRATCH_SPACE)
