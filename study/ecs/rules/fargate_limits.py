"""Fargate limits: what a task definition validated for Fargate may not ask for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ..vocab.compute import Container
from ._helpers import DOCS, validated_for_fargate

FARGATE_PARAMETERS = DOCS + "fargate-tasks-services.html#fargate-task-parameters"


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

RULES = (NO_GPUS_ON_FARGATE, NO_PRIVILEGED_ON_FARGATE, ONLY_SYS_PTRACE_ON_FARGATE, NO_PLACEMENT_CONSTRAINTS_ON_FARGATE)
