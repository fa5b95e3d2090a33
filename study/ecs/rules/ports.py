"""Network mode rules: how tasks register as targets, host ports, security groups and health checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.instances import INSTANCE_TYPES
from ..findings import Breach, Stage
from ..placement import effective_network_mode, task_cpu, task_memory
from ..requirements.base import Deploys
from ..requirements.loadbalancing import Density, Draining, PerTaskSecurityGroup
from ..rule import Rule
from ..steps.targets import EPHEMERAL_RANGE
from ..vocab.compute import NetworkMode, Service
from ..vocab.loadbalancing import LoadBalancerType, TargetType
from ._deployment_views import DOCS

ELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/"
REGISTERS_AS = {NetworkMode.AWSVPC: TargetType.IP, NetworkMode.BRIDGE: TargetType.INSTANCE, NetworkMode.HOST: TargetType.INSTANCE}


def service_mode(dep: Deployment, name: str, service: Service) -> NetworkMode | None:
    """The network mode the service's tasks really use (None when the task definition is missing)."""
    td = dep.design.task_definitions.get(service.task_definition)
    if td is None:
        return None
    on_fargate = any(t.on_fargate for t in dep.tasks_of(name)) or (service.launch_type is not None and service.launch_type.value == "FARGATE")
    return effective_network_mode(td, on_fargate)


def _target_type_fits_mode(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, service in design.services.items():
        mode = service_mode(dep, name, service)
        if mode is not NetworkMode.AWSVPC and any(t.on_fargate for t in dep.tasks_of(name)):
            continue  # Fargate rejects the network mode itself (FG04)
        for index, entry in enumerate(service.load_balancers):
            where = f"services.{name}.load_balancers.{index}"
            group = design.target_groups.get(entry.target_group or "")
            classic = design.load_balancers.get(entry.load_balancer or "")
            if group is not None and mode in REGISTERS_AS and group.target_type is not REGISTERS_AS[mode]:
                how = "by the IP address of their own ENI" if mode is NetworkMode.AWSVPC else "as instance id and host port"
                yield Breach(f"Target group '{entry.target_group}' has target type {group.target_type.value}, but the {mode.value}-mode "
                             f"tasks of '{name}' register {how}, so they need target type {REGISTERS_AS[mode].value}; a target "
                             "type is fixed when the group is created, so use a new target group.", where, Stage.REGISTER)
            if classic is not None and classic.type is LoadBalancerType.CLASSIC and mode is NetworkMode.AWSVPC:
                yield Breach(f"Service '{name}' runs awsvpc tasks behind Classic Load Balancer '{entry.load_balancer}'; awsvpc "
                             "tasks (all Fargate tasks) work only with Application and Network Load Balancers.", where, Stage.REGISTER)


def _host_port_fits_mode(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td in dep.design.task_definitions.items():
        mode = td.network_mode
        if mode not in (NetworkMode.AWSVPC, NetworkMode.HOST):
            continue
        for cname, container in td.containers.items():
            for index, pm in enumerate(container.port_mappings):
                if pm.host_port is not None and pm.host_port != pm.container_port:
                    yield Breach(f"Container '{cname}' of '{name}' maps container port {pm.container_port} to host port {pm.host_port}; "
                                 f"in {mode.value} mode hostPort must be omitted or equal to containerPort (no dynamic or remapped ports).",
                                 f"task_definitions.{name}.containers.{cname}.port_mappings.{index}.host_port", Stage.REGISTER)


def _classic_needs_fixed_port(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    dynamic: dict[tuple[str, str], list[int]] = {}
    for target in dep.targets.targets:
        lb = dep.design.load_balancers.get(target.target_group)
        if target.dynamic_port and lb is not None and lb.type is LoadBalancerType.CLASSIC:
            dynamic.setdefault((target.service, target.target_group), []).append(target.port)
    for (service, classic), ports in dynamic.items():
        yield Breach(f"The tasks of '{service}' listen on dynamic host ports ({', '.join(map(str, sorted(set(ports))))}), but Classic "
                     f"Load Balancer '{classic}' sends to one fixed instance port; it has no dynamic port mapping, so map a fixed "
                     "host port (one task per instance) or move to an Application Load Balancer.",
                     f"services.{service}.load_balancers", Stage.RUN)


def _security_groups_admit(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    seen = set()
    for t in dep.targets.targets:
        key = (t.service, t.target_group, t.destinations, t.dynamic_port)
        if t.admitted or key in seen:
            continue
        seen.add(key)
        ports = f"the ephemeral range {EPHEMERAL_RANGE[0]}-{EPHEMERAL_RANGE[1]}" if t.dynamic_port else f"{t.protocol.upper()} {t.port}"
        source = (f"security group {', '.join(t.sources)}" if t.sources
                  else "the load balancer's addresses (it has no security group, so only an address-range rule admits it)")
        yield Breach(f"Traffic from {', '.join(t.load_balancers) or 'the load balancer'} to {t.address} ({t.registered_as} target of "
                     f"'{t.target_group}') meets security group(s) {', '.join(t.destinations)}, which admit nothing from {source} "
                     f"on {ports}; requests and health checks fail, so ECS keeps replacing the tasks of '{t.service}'.",
                     f"network.security_groups.{t.destinations[0]}", Stage.RUN)


def _health_check_port_listens(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    seen = set()
    for t in dep.targets.targets:
        if not t.admitted or (t.health_check_listening and t.health_check_admitted) or (t.service, t.target_group) in seen:
            continue
        seen.add((t.service, t.target_group))
        probe = f"TCP port {t.health_check_port}"
        why = (f"nothing listens on {probe} at {t.address}" if not t.health_check_listening
               else f"security group(s) {', '.join(t.destinations)} do not admit {probe}")
        udp = t.protocol == "udp"
        head = (f"Target group '{t.target_group}' forwards UDP, but health checks cannot use UDP, so it checks {probe}"
                if udp else f"Target group '{t.target_group}' health-checks {probe}")
        fix = ("give the container a TCP port for health checks, admit it and point the health check port at it" if udp
               else "use health check port traffic-port")
        yield Breach(f"{head}, but task {t.task} receives traffic on {t.port_text} and {why}; the targets stay unhealthy and "
                     f"ECS keeps replacing the tasks of '{t.service}', so the service never reaches a steady state ({fix}).",
                     f"target_groups.{t.target_group}.health_check_port", Stage.RUN)


def _per_task_security_group(dep: Deployment, req: PerTaskSecurityGroup) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None:
        return
    mode = service_mode(dep, req.service, service)
    if mode is not NetworkMode.AWSVPC:
        yield Breach(f"The tasks of '{req.service}' use {mode.value if mode else 'no'} network mode and share their instance's "
                     "network interface and security groups; only awsvpc gives each task its own ENI and security groups.",
                     f"task_definitions.{service.task_definition}.network_mode", Stage.REQUIREMENT)
    elif service.network is None or not service.network.security_groups:
        yield Breach(f"Service '{req.service}' names no security groups in its awsvpc configuration, so its tasks get the VPC's "
                     "default security group.", f"services.{req.service}.network.security_groups", Stage.REQUIREMENT)


def tasks_per_instance(dep: Deployment, name: str, service: Service) -> tuple[int, str]:
    """How many tasks of the service one instance can hold, and what limits it."""
    td = dep.design.task_definitions[service.task_definition]
    mode = service_mode(dep, name, service)
    fixed = [pm.container_port if mode is NetworkMode.HOST else pm.host_port
             for c in td.containers.values() for pm in c.port_mappings if mode is NetworkMode.HOST or pm.host_port]
    if mode in (NetworkMode.HOST, NetworkMode.BRIDGE) and fixed:
        return 1, f"{mode.value} mode with fixed host port {fixed[0]}: a second task would need the same port"
    groups = dep.design.cluster.auto_scaling_groups
    placed = next((dep.instance(t.instance) for t in dep.tasks_of(name) if t.instance), None)
    group = groups.get(placed.group) if placed else next(iter(groups.values()), None)
    spec = INSTANCE_TYPES.get(group.instance_type if group else "m5.large", INSTANCE_TYPES["m5.large"])
    limits = [(spec.cpu_units // max(task_cpu(td), 1), "CPU"), (spec.memory_mib // max(task_memory(td), 1), "memory")]
    if mode is NetworkMode.AWSVPC:
        enis = spec.trunk_tasks if group and group.awsvpc_trunking and spec.trunk_tasks else spec.max_enis - 1
        limits.append((enis, "ENIs (each awsvpc task needs its own)"))
    count, what = min(limits)
    return count, f"limited by {what}"


def _density(dep: Deployment, req: Density) -> Iterator[Breach]:
    service = dep.design.services.get(req.service)
    if service is None or service.task_definition not in dep.design.task_definitions:
        return
    if all(t.on_fargate for t in dep.tasks_of(req.service)) and dep.tasks_of(req.service):
        yield Breach(f"Service '{req.service}' runs on Fargate, where each task gets its own isolated environment; there are no "
                     "instances to pack.", f"services.{req.service}", Stage.REQUIREMENT)
        return
    count, why = tasks_per_instance(dep, req.service, service)
    if count < req.tasks_per_instance:
        yield Breach(f"One instance holds only {count} task(s) of '{req.service}' ({why}), not {req.tasks_per_instance}.",
                     f"task_definitions.{service.task_definition}", Stage.REQUIREMENT)


def _draining_groups(dep: Deployment, service_name: str) -> list[tuple[str, int]]:
    """(target group, deregistration delay) for each target group the service registers with."""
    service = dep.design.services.get(service_name)
    groups = [e.target_group for e in service.load_balancers if e.target_group] if service else []
    return [(g, dep.design.target_groups[g].deregistration_delay_seconds) for g in dict.fromkeys(groups)
            if g in dep.design.target_groups]


def _in_flight_requests_finish(dep: Deployment, req: Draining) -> Iterator[Breach]:
    for group, delay in _draining_groups(dep, req.service):
        if delay < req.longest_request_seconds:
            yield Breach(f"Target group '{group}' drains a stopping task of '{req.service}' for only {delay} s, but its requests take up "
                         f"to {req.longest_request_seconds} s; after the deregistration delay ECS stops the task, so longer requests "
                         "still in flight are cut off during every deployment and scale-in.",
                         f"target_groups.{group}.deregistration_delay_seconds", Stage.REQUIREMENT)


def _draining_is_short_enough(dep: Deployment, req: Draining) -> Iterator[Breach]:
    if req.max_drain_seconds is None:
        return
    for group, delay in _draining_groups(dep, req.service):
        if delay > req.max_drain_seconds:
            yield Breach(f"Target group '{group}' can keep each stopping task of '{req.service}' draining for {delay} s before ECS stops "
                         f"it, more than {req.max_drain_seconds} s; every deployment and scale-in waits for it although requests take "
                         f"at most {req.longest_request_seconds} s.", f"target_groups.{group}.deregistration_delay_seconds",
                         Stage.REQUIREMENT)


def _ready_before_replaced(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, service in design.services.items():
        td = design.task_definitions.get(service.task_definition)
        for index, entry in enumerate(service.load_balancers):
            container = td.containers.get(entry.container) if td else None
            group = design.target_groups.get(entry.target_group or "")
            if container is None or group is None:
                continue
            patience = service.health_check_grace_period_seconds + group.unhealthy_threshold * group.health_check_interval_seconds
            if container.startup_seconds > patience:
                yield Breach(f"Container '{entry.container}' of '{name}' needs {container.startup_seconds} s before it answers health "
                             f"checks, but target group '{entry.target_group}' marks it unhealthy after {group.unhealthy_threshold} "
                             f"failed checks {group.health_check_interval_seconds} s apart and the service's health check grace "
                             f"period is {service.health_check_grace_period_seconds} s; ECS stops every new task before it is "
                             f"ready, so the service never settles.",
                             f"services.{name}.health_check_grace_period_seconds", Stage.RUN)


TARGET_TYPE_FITS_MODE = Rule(
    id="PORT01",
    title="The target type follows the network mode",
    description=("awsvpc tasks (so every Fargate task) have their own ENI and register as ip targets; bridge and host tasks register as "
                 "instance id plus host port, so they need target type instance. The type is fixed when the target group is created. "
                 "Classic Load Balancers cannot serve awsvpc tasks."),
    source=DOCS + "alb.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#target-types",
    requirement=Deploys,
    check=_target_type_fits_mode,
)

HOST_PORT_FITS_MODE = Rule(
    id="PORT02",
    title="awsvpc and host mode take no dynamic or remapped host ports",
    description=("In awsvpc and host mode a container's port is the port on the ENI, so hostPort must be omitted or equal to containerPort; "
                 "only bridge mode maps ports, dynamically when hostPort is omitted or 0."),
    source=DOCS + "task_definition_parameters.html#container_definition_portmappings",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#network-modes",
    requirement=Deploys,
    check=_host_port_fits_mode,
)

CLASSIC_NEEDS_FIXED_PORT = Rule(
    id="PORT03",
    title="Classic Load Balancers have no dynamic port mapping",
    description=("A Classic Load Balancer maps a listener to one fixed instance port, so tasks behind it need a fixed host port and only one "
                 "of them fits on each instance; Application and Network Load Balancers register each task's own dynamic port."),
    source=DOCS + "alb.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#classic",
    requirement=Deploys,
    check=_classic_needs_fixed_port,
)

SECURITY_GROUPS_ADMIT = Rule(
    id="PORT04",
    title="The target's security group admits the load balancer",
    description=("Traffic from a load balancer meets the task ENI's security groups in awsvpc mode and the instance's security groups in "
                 "bridge and host mode; they must admit the load balancer's security group on the target port, or on the whole ephemeral "
                 "range for dynamic host ports."),
    source=ELB + "application/load-balancer-update-security-groups.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#security-groups",
    requirement=Deploys,
    check=_security_groups_admit,
)

HEALTH_CHECK_PORT_LISTENS = Rule(
    id="PORT05",
    title="Health checks must probe a port where the task listens",
    description=("With health check port traffic-port each target is checked on the port it registered with; a fixed port probes the same "
                 "port on every target, which misses dynamic host ports. Health checks use TCP, HTTP or HTTPS, never UDP, so a UDP target "
                 "must also answer on a TCP port. Unhealthy targets' tasks are stopped and replaced."),
    source=ELB + "APIReference/API_CreateTargetGroup.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#health-checks",
    requirement=Deploys,
    check=_health_check_port_listens,
)

PER_TASK_SECURITY_GROUP = Rule(
    id="PORT06",
    title="Only awsvpc gives a task its own security group",
    description=("In awsvpc mode each task has its own ENI with the security groups of the service's network configuration; bridge and host "
                 "tasks share the instance's network interface and security groups."),
    source=DOCS + "task-networking-awsvpc.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#network-modes",
    requirement=PerTaskSecurityGroup,
    check=_per_task_security_group,
)

DENSITY = Rule(
    id="PORT07",
    title="A fixed host port allows one task per instance",
    description=("A fixed host port (bridge with hostPort set, or host mode) can be bound once per instance, so a second copy of the task "
                 "cannot share it; dynamic host ports (bridge) or awsvpc (within the ENI limit) let several copies share an instance."),
    source=DOCS + "task_definition_parameters.html#network_mode",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#network-modes",
    requirement=Density,
    check=_density,
)

DRAINING = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-connection-draining.html"

IN_FLIGHT_REQUESTS_FINISH = Rule(
    id="PORT08",
    title="The deregistration delay covers the longest request",
    description=("When ECS stops a task it deregisters the target, which drains for the target group's deregistration delay (300 seconds by "
                 "default) before ECS stops the task; requests that take longer than the delay are cut off."),
    source=DRAINING,
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#health-checks",
    requirement=Draining,
    check=_in_flight_requests_finish,
)

DRAINING_IS_SHORT_ENOUGH = Rule(
    id="PORT09",
    title="A long deregistration delay slows every deployment",
    description=("A stopping task can stay draining for the whole deregistration delay, and every deployment and scale-in waits for it; "
                 "when responses take about a second, AWS suggests a delay of a few seconds instead of the 300-second default."),
    source=DRAINING,
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#health-checks",
    requirement=Draining,
    check=_draining_is_short_enough,
)

READY_BEFORE_REPLACED = Rule(
    id="PORT10",
    title="Slow starters need a health check grace period",
    description=("ECS stops a task whose target turns unhealthy (unhealthy threshold times interval of failed checks); the service's "
                 "healthCheckGracePeriodSeconds makes ECS ignore failing load balancer health checks while a slow application starts."),
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#health-checks",
    requirement=Deploys,
    check=_ready_before_replaced,
)

RULES = (TARGET_TYPE_FITS_MODE, HOST_PORT_FITS_MODE, CLASSIC_NEEDS_FIXED_PORT, SECURITY_GROUPS_ADMIT,
         HEALTH_CHECK_PORT_LISTENS, PER_TASK_SECURITY_GROUP, DENSITY, IN_FLIGHT_REQUESTS_FINISH, DRAINING_IS_SHORT_ENOUGH,
         READY_BEFORE_REPLACED)
