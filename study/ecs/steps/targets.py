"""Deployment step: register each running task with its target groups and record how traffic reaches it.

For every (service, target group, container, port) entry and every running task the step records a
`Target`: how it registers (ip for awsvpc tasks, instance id + host port for bridge and host tasks), the
port traffic uses (a dynamic host port from the ephemeral range when hostPort is omitted or 0), the
security groups on the path (the load balancer's groups to the task ENI's groups or the instance's
groups), and whether health checks find a listener. Listener routing is resolved in `routes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..placement import effective_network_mode
from ..vocab import Design
from ..vocab.compute import NetworkMode
from ..vocab.loadbalancing import LoadBalancerType, TargetType
from ..vocab.network import IngressRule
from .routes import Route, resolve_routes, target_group_users

if TYPE_CHECKING:
    from ..deploy import Deployment, PlacedTask

EPHEMERAL_RANGE = (32768, 61000)
"""Docker's dynamic host ports on the ECS-optimized AMI (the kernel's ip_local_port_range)."""

HEALTH_CHECK_PROTOCOL = "tcp"
"""Health checks travel over TCP (TCP, HTTP, HTTPS); ELB cannot health-check over UDP, even for UDP target groups."""

DEFAULT_SECURITY_GROUP = "default"
"""The VPC's default security group: what AWS gives a task ENI, an instance or an Application (or Classic) Load
Balancer created without security groups. Unless a situation defines `network.security_groups.default`, it
has AWS's rules: inbound from members of the same group only (and all outbound)."""

GETS_DEFAULT_GROUP = (LoadBalancerType.APPLICATION, LoadBalancerType.CLASSIC)
"""Load balancers that AWS associates with the VPC's default security group when created without one; a Network
Load Balancer created without security groups has none (and none can be added later), a Gateway Load Balancer never has any."""


@dataclass(frozen=True)
class Target:
    """One running task registered with one target group (or Classic Load Balancer)."""

    service: str
    task: str
    target_group: str
    container: str
    container_port: int
    network_mode: NetworkMode
    registered_as: str
    address: str
    port: int
    dynamic_port: bool
    protocol: str
    load_balancers: tuple[str, ...]
    sources: tuple[str, ...]
    destinations: tuple[str, ...]
    admitted: bool
    health_check_port: int
    health_check_listening: bool
    health_check_admitted: bool

    @property
    def healthy(self) -> bool:
        """Health checks reach a listening port through the security groups."""
        return self.admitted and self.health_check_listening and self.health_check_admitted

    @property
    def port_text(self) -> str:
        """The port as a learner reads it."""
        low, high = EPHEMERAL_RANGE
        return f"dynamic host port {self.port} (from {low}-{high})" if self.dynamic_port else f"port {self.port}"


@dataclass(frozen=True)
class LoadBalancing:
    """What the targets step resolved: registered targets, listener routes, target group users."""

    targets: tuple[Target, ...]
    routes: tuple[Route, ...]
    users: dict[str, tuple[str, ...]]

    def targets_of(self, service: str) -> list[Target]:
        """Targets of one service."""
        return [t for t in self.targets if t.service == service]


def register(deployment: Deployment) -> LoadBalancing:
    """Register tasks with target groups and resolve listener routing and health checks."""
    design = deployment.design
    users = target_group_users(design)
    ports = _host_ports(deployment)
    targets = []
    for task in deployment.tasks:
        if task.owner_kind != "service" or task.state.value != "RUNNING":
            continue
        for index, entry in enumerate(design.services[task.owner].load_balancers):
            target = _target(deployment, task, index, entry, ports, users)
            if target is not None:
                targets.append(target)
    return LoadBalancing(tuple(targets), resolve_routes(design), users)


def _mode(design: Design, task: PlacedTask) -> NetworkMode:
    return effective_network_mode(design.task_definitions[task.task_definition], task.on_fargate)


def _host_ports(deployment: Deployment) -> dict[tuple[str, str, int, str], tuple[int, bool]]:
    """(task, container, container port, protocol) -> (port it listens on at its address, dynamic?)."""
    design = deployment.design
    next_dynamic: dict[str, int] = {}
    result = {}
    for task in deployment.tasks:
        td = design.task_definitions.get(task.task_definition)
        if td is None or task.state.value != "RUNNING":
            continue
        mode = _mode(design, task)
        for cname, container in td.containers.items():
            for pm in container.port_mappings:
                key = (task.id, cname, pm.container_port, pm.protocol)
                if mode is NetworkMode.BRIDGE and not pm.host_port:
                    port = next_dynamic.get(task.instance or "", EPHEMERAL_RANGE[0])
                    next_dynamic[task.instance or ""] = port + 1
                    result[key] = (port, True)
                elif mode is NetworkMode.BRIDGE:
                    result[key] = (pm.host_port, False)
                else:
                    result[key] = (pm.container_port, False)
    return result


def _listening(deployment: Deployment, task: PlacedTask, ports: dict) -> set[tuple[int, str]]:
    """(port, protocol) pairs that answer at the task's address: its ENI in awsvpc, else everything on its instance."""
    if _mode(deployment.design, task) is NetworkMode.AWSVPC:
        return {(port, proto) for (tid, _c, _p, proto), (port, _d) in ports.items() if tid == task.id}
    on_instance = {t.id for t in deployment.tasks if t.instance == task.instance and task.instance}
    return {(port, proto) for (tid, _c, _p, proto), (port, _d) in ports.items() if tid in on_instance}


def _mapping(ports: dict, task: PlacedTask, entry, protocol: str) -> tuple[int, bool] | None:
    """The task's mapping of the entry's container port, preferring the target group's protocol."""
    other = "tcp" if protocol == "udp" else "udp"
    return ports.get((task.id, entry.container, entry.port, protocol)) or ports.get((task.id, entry.container, entry.port, other))


def _target(deployment: Deployment, task: PlacedTask, index: int, entry, ports: dict, users: dict) -> Target | None:
    """The target one load balancer entry makes of one task, or None when ECS would not register it."""
    design = deployment.design
    mode = _mode(design, task)
    group = design.target_groups.get(entry.target_group or "")
    protocol = "udp" if group is not None and group.protocol.upper() == "UDP" else "tcp"
    mapped = _mapping(ports, task, entry, protocol)
    if mapped is None or (task.on_fargate and mode is not NetworkMode.AWSVPC):
        return None
    port, dynamic = mapped
    if entry.target_group is not None:
        if group is None or not _type_fits(group.target_type, mode):
            return None
        name, balancers = entry.target_group, users.get(entry.target_group, ())
        check = port if group.health_check_port == "traffic-port" else int(group.health_check_port)
    else:
        classic = design.load_balancers.get(entry.load_balancer or "")
        if classic is None or classic.type is not LoadBalancerType.CLASSIC:
            return None
        name, balancers, check = entry.load_balancer, (entry.load_balancer,), port
    sources = tuple(sg for lb in balancers if lb in design.load_balancers for sg in load_balancer_groups(design, lb))
    destinations = _destinations(deployment, task, mode)
    traffic = EPHEMERAL_RANGE if dynamic else (port, port)
    check_range = traffic if check == port else (check, check)
    health = HEALTH_CHECK_PROTOCOL
    return Target(
        task.owner, task.id, name, entry.container, entry.port, mode,
        "ip" if mode is NetworkMode.AWSVPC else "instance",
        f"the ENI of task {task.id}" if mode is NetworkMode.AWSVPC else f"instance {task.instance}",
        port, dynamic, protocol, balancers, sources, destinations,
        admits(design, destinations, sources, traffic, protocol), check,
        (check, health) in _listening(deployment, task, ports), admits(design, destinations, sources, check_range, health))


def _type_fits(target_type: TargetType, mode: NetworkMode) -> bool:
    """awsvpc tasks register by IP; bridge and host tasks by instance id and port."""
    return target_type is (TargetType.IP if mode is NetworkMode.AWSVPC else TargetType.INSTANCE)


def _destinations(deployment: Deployment, task: PlacedTask, mode: NetworkMode) -> tuple[str, ...]:
    """Security groups traffic meets: the task ENI's in awsvpc, the instance's in bridge and host."""
    design = deployment.design
    if mode is NetworkMode.AWSVPC:
        network = design.services[task.owner].network
        groups = network.security_groups if network else []
    else:
        instance = deployment.instance(task.instance or "")
        group = design.cluster.auto_scaling_groups.get(instance.group) if instance else None
        groups = group.security_groups if group else []
    return tuple(groups) or (DEFAULT_SECURITY_GROUP,)


def load_balancer_groups(design: Design, name: str) -> list[str]:
    """The load balancer's security groups, or the VPC's default group where AWS gives it one."""
    lb = design.load_balancers[name]
    if lb.security_groups or lb.type not in GETS_DEFAULT_GROUP:
        return lb.security_groups
    return [DEFAULT_SECURITY_GROUP]


def _ingress(design: Design, name: str) -> list[IngressRule]:
    """A group's inbound rules; the default group, unless the situation defines it, admits its own members."""
    group = design.network.security_groups.get(name)
    if group is not None:
        return group.ingress
    return [IngressRule(source=DEFAULT_SECURITY_GROUP, ports="all", protocol="all")] if name == DEFAULT_SECURITY_GROUP else []


def is_cidr(source: str) -> bool:
    """A rule source written as an address range rather than a security group."""
    return "/" in source


def _covers(rule: IngressRule, low: int, high: int) -> bool:
    if rule.ports.strip().lower() == "all":
        return True
    first, _, last = rule.ports.partition("-")
    return int(first) <= low and high <= int(last or first)


def admits(design: Design, destinations: tuple[str, ...], sources: tuple[str, ...], ports: tuple[int, int], protocol: str) -> bool:
    """Some destination group has a rule from a source group (or an address range) covering the ports.

    A load balancer without security groups (a Network Load Balancer may have none) reaches targets
    from its nodes' and clients' addresses, so only address-range rules admit it.
    """
    for name in destinations:
        for rule in _ingress(design, name):
            from_source = is_cidr(rule.source) or rule.source in sources
            if from_source and rule.protocol in (protocol, "all") and _covers(rule, *ports):
                return True
    return False
