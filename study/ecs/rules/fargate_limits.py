"""Fargate limits: what a task definition validated for Fargate may not ask for, and UDP behind an NLB on old platforms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts import fargate
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ..vocab.compute import Container, OperatingSystem, PidMode
from ..vocab.loadbalancing import LoadBalancerType
from ._deployment_views import DOCS, validated_for_fargate

FARGATE_PARAMETERS = DOCS + "fargate-tasks-services.html#fargate-task-parameters"
REGISTER_TASK_DEFINITION = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"
UDP_PROTOCOLS = ("UDP", "TCP_UDP")
PLATFORM_1_4_0 = (1, 4, 0)


def _containers_on_fargate(dep: Deployment) -> Iterator[tuple[str, str, Container]]:
    """(task definition, container name, container) for every container validated for Fargate."""
    for name, td, _pv in validated_for_fargate(dep):
        for cname, container in td.containers.items():
            yield name, cname, container


def _no_gpus(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cname, c in _containers_on_fargate(dep):
        if c.gpu:
            yield Breach(f"Container '{cname}' of '{name}' asks for {c.gpu} GPU(s); Fargate offers no GPUs "
                         "(use EC2 GPU instances or ECS Managed Instances).",
                         f"task_definitions.{name}.containers.{cname}.gpu", Stage.REGISTER)


def _no_privileged(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cname, c in _containers_on_fargate(dep):
        if c.privileged:
            yield Breach(f"Container '{cname}' of '{name}' is privileged; Fargate does not allow privileged containers.",
                         f"task_definitions.{name}.containers.{cname}.privileged", Stage.REGISTER)


def _only_sys_ptrace(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, cname, c in _containers_on_fargate(dep):
        extra = [cap for cap in c.linux_capabilities_add if cap.upper().removeprefix("CAP_") != "SYS_PTRACE"]
        if extra:
            yield Breach(f"Container '{cname}' of '{name}' adds {', '.join(extra)}; on Fargate only SYS_PTRACE may be added.",
                         f"task_definitions.{name}.containers.{cname}.linux_capabilities_add", Stage.REGISTER)


def _no_placement_constraints(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _pv in validated_for_fargate(dep):
        if td.placement_constraints:
            yield Breach(f"Task definition '{name}' has placement constraints, which Fargate does not accept "
                         "(Fargate spreads tasks across Availability Zones itself).",
                         f"task_definitions.{name}.placement_constraints", Stage.REGISTER)


def _no_ipc_mode(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _pv in validated_for_fargate(dep):
        if td.ipc_mode is not None:
            yield Breach(f"Task definition '{name}' sets ipcMode {td.ipc_mode.value}; Fargate does not accept ipcMode at all "
                         "(leave it unset).", f"task_definitions.{name}.ipc_mode", Stage.REGISTER)


def _pid_mode_task_only(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, pv in validated_for_fargate(dep):
        where = f"task_definitions.{name}.pid_mode"
        if td.pid_mode is PidMode.HOST:
            yield Breach(f"Task definition '{name}' sets pidMode host; on Fargate the only pidMode is task "
                         "(the containers of one task share a process namespace, never the host's).", where, Stage.REGISTER)
        elif td.pid_mode is PidMode.TASK and td.os is OperatingSystem.WINDOWS:
            yield Breach(f"Task definition '{name}' sets pidMode on Windows; Fargate supports it for Linux tasks only.",
                         where, Stage.REGISTER)
        elif td.pid_mode is PidMode.TASK and fargate.platform_version(pv, td.os) < PLATFORM_1_4_0:
            yield Breach(f"Task definition '{name}' sets pidMode task on platform version {pv}; Fargate needs 1.4.0 or later.",
                         where, Stage.LAUNCH)


def _udp_through_nlb_needs_new_platform(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        td = dep.design.task_definitions.get(service.task_definition)
        on_fargate = any(t.on_fargate for t in dep.tasks_of(name))
        if td is None or not on_fargate or fargate.platform_version(service.platform_version, td.os) >= PLATFORM_1_4_0:
            continue
        for index, entry in enumerate(service.load_balancers):
            if entry.target_group is not None and _udp_listener_forwards_to(dep, entry.target_group):
                yield Breach(f"Service '{name}' takes UDP from a Network Load Balancer through '{entry.target_group}' on Fargate "
                             f"platform version {service.platform_version}; UDP to Fargate tasks needs 1.4.0 or later.",
                             f"services.{name}.load_balancers.{index}", Stage.LAUNCH)


def _udp_listener_forwards_to(dep: Deployment, group: str) -> bool:
    """True when a UDP or TCP_UDP listener of a Network Load Balancer forwards to the target group."""
    return any(lb.type is LoadBalancerType.NETWORK and listener.protocol.upper() in UDP_PROTOCOLS
               and group in {listener.default_target_group, *(r.target_group for r in listener.rules)}
               for lb in dep.design.load_balancers.values() for listener in lb.listeners)


NO_GPUS_ON_FARGATE = Rule(
    id="FG10",
    title="Fargate offers no GPUs",
    description="A container validated for Fargate may not reserve GPUs; GPU work runs on EC2 GPU instances or ECS Managed Instances.",
    source=FARGATE_PARAMETERS,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_no_gpus,
)

NO_PRIVILEGED_ON_FARGATE = Rule(
    id="FG11",
    title="No privileged containers on Fargate",
    description=("privileged is one of the parameters Fargate refuses: a task definition validated for Fargate with a privileged "
                 "container is rejected at registration. On EC2 the same container registers."),
    source=FARGATE_PARAMETERS,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_no_privileged,
)

ONLY_SYS_PTRACE_ON_FARGATE = Rule(
    id="FG12",
    title="Fargate containers may add only SYS_PTRACE",
    description=("linuxParameters.capabilities.add takes a single capability on Fargate, CAP_SYS_PTRACE (for debugging and "
                 "tracing sidecars); dropping capabilities is allowed, adding any other is refused."),
    source=FARGATE_PARAMETERS,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_only_sys_ptrace,
)

NO_PLACEMENT_CONSTRAINTS_ON_FARGATE = Rule(
    id="FG13",
    title="No placement constraints on Fargate",
    description=("Fargate places tasks itself and spreads them across Availability Zones, so a task definition validated for "
                 "Fargate takes no placement constraints."),
    source=FARGATE_PARAMETERS,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_no_placement_constraints,
)

NO_IPC_MODE_ON_FARGATE = Rule(
    id="FG14",
    title="No ipcMode on Fargate",
    description=("ipcMode (host, task or none) shares IPC resources with the host or within a task on EC2; it is not a valid "
                 "parameter on Fargate, so such a task definition is rejected at registration."),
    source=FARGATE_PARAMETERS,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_no_ipc_mode,
)

PID_MODE_TASK_ON_FARGATE = Rule(
    id="FG15",
    title="pidMode on Fargate is task, on Linux platform 1.4.0+",
    description=("pidMode host shares the host's process namespace and exists only on EC2; on Fargate the only value is task "
                 "(the task's containers see each other's processes), for Linux tasks on platform version 1.4.0 or later."),
    source=REGISTER_TASK_DEFINITION,
    source_checked=date(2026, 12, 6),
    taught_in="launch-types#fargate-limits",
    requirement=Deploys,
    check=_pid_mode_task_only,
)

UDP_NEEDS_PLATFORM_1_4_0 = Rule(
    id="FG16",
    title="UDP through an NLB to Fargate needs platform 1.4.0",
    description=("A Network Load Balancer's UDP (or TCP_UDP) listener can send to Fargate tasks only when they run on Linux "
                 "platform version 1.4.0 or later; older platform versions take TCP only."),
    source=DOCS + "nlb.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#nlb",
    requirement=Deploys,
    check=_udp_through_nlb_needs_new_platform,
)

RULES = (NO_GPUS_ON_FARGATE, NO_PRIVILEGED_ON_FARGATE, ONLY_SYS_PTRACE_ON_FARGATE, NO_PLACEMENT_CONSTRAINTS_ON_FARGATE,
         NO_IPC_MODE_ON_FARGATE, PID_MODE_TASK_ON_FARGATE, UDP_NEEDS_PLATFORM_1_4_0)
