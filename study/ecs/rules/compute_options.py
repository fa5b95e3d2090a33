"""Compute-option rules: which capacity a task runs on, whether it fits the task definition, GPUs, who runs the servers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.instances import INSTANCE_TYPES
from ..findings import Breach, Stage
from ..placement import capacity_request
from ..requirements.base import Deploys
from ..requirements.compute import NoInstancesToManage, RunsOnPremises
from ..rule import Rule
from ..vocab import Design
from ..vocab.compute import LaunchType, Service, StandaloneTask
from ._deployment_views import DOCS

GPU_AMI = "ecs-gpu-optimized"
FARGATE_KINDS = ("FARGATE", "FARGATE_SPOT")


def owners(design: Design) -> Iterator[tuple[str, str, Service | StandaloneTask]]:
    """(name, kind path, spec) of every service and standalone task."""
    for name, spec in design.services.items():
        yield name, "services", spec
    for name, spec in design.tasks.items():
        yield name, "tasks", spec


def find_owner(design: Design, name: str) -> Service | StandaloneTask | None:
    """The service or standalone task with this name."""
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


def _gpu_capacity(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, path, spec in owners(design):
        td = design.task_definitions.get(spec.task_definition)
        gpus = sum(c.gpu for c in td.containers.values()) if td else 0
        if not gpus:
            continue
        for kind in capacity_kinds(design, spec):
            problem = _gpu_problem(design, kind)
            if problem:
                yield Breach(f"'{name}' asks for {gpus} GPU(s) per task, but {problem}.", f"{path}.{name}", Stage.LAUNCH)


def _gpu_problem(design: Design, kind: str) -> str | None:
    """Why this capacity cannot supply GPUs, or None when it can (Fargate is FG10's concern)."""
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


def _no_instances_to_manage(dep: Deployment, req: NoInstancesToManage) -> Iterator[Breach]:
    spec = find_owner(dep.design, req.of)
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
    spec = find_owner(dep.design, req.of)
    if spec is None:
        return
    kinds = capacity_kinds(dep.design, spec)
    if kinds != [LaunchType.EXTERNAL.value]:
        yield Breach(f"'{req.of}' runs on {', '.join(describe_kind(k) for k in kinds)} in an AWS Region; only the "
                     "EXTERNAL launch type (ECS Anywhere) runs tasks on your own servers.", req.of, Stage.REQUIREMENT)


def describe_kind(kind: str) -> str:
    """A capacity kind in words."""
    if kind.startswith("asg:"):
        return f"capacity provider '{kind[4:]}' (EC2 instances)"
    if kind.startswith("managed:"):
        return f"Managed Instances provider '{kind[8:]}'"
    return f"{kind} capacity"


def _launch_type_compatible(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, path, spec in owners(design):
        td = design.task_definitions.get(spec.task_definition)
        if td is None or not td.requires_compatibilities:
            continue  # without requiresCompatibilities ECS works out the compatibilities itself
        listed = {c.value for c in td.requires_compatibilities}
        for kind in capacity_kinds(design, spec):
            if _compatibility_needed(kind) not in listed and not (listed & _ALSO_ACCEPTED.get(kind, set())):
                yield Breach(f"'{name}' starts task definition '{spec.task_definition}' on {describe_kind(kind)}, but the "
                             f"definition is validated only for {', '.join(sorted(listed))} (\"Task definition does not support "
                             f"launch_type\").", f"{path}.{name}", Stage.LAUNCH)
                break


# ecs-anywhere-runtask.html asks for EXTERNAL but does not say an EC2-validated definition is refused on
# external instances, so the model keeps accepting one there.
_ALSO_ACCEPTED = {"EXTERNAL": {"EC2"}}


def _compatibility_needed(kind: str) -> str:
    """The requiresCompatibilities value a capacity kind needs: FARGATE, MANAGED_INSTANCES, EXTERNAL or EC2."""
    if kind in FARGATE_KINDS:
        return "FARGATE"
    if kind.startswith("managed:") or kind == "MANAGED_INSTANCES":
        return "MANAGED_INSTANCES"
    return "EXTERNAL" if kind == "EXTERNAL" else "EC2"


def _capacity_exists(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    cluster = dep.design.cluster
    for name, path, spec in owners(dep.design):
        kinds = capacity_kinds(dep.design, spec)
        if "EXTERNAL" in kinds and cluster.external_instances == 0:
            yield Breach(f"'{name}' uses the EXTERNAL launch type, but no on-premises server is registered with the cluster "
                         "(register it with an SSM activation and the ECS agent).", f"{path}.{name}", Stage.LAUNCH)
        if "MANAGED_INSTANCES" in kinds and not cluster.managed_instances:
            yield Breach(f"'{name}' asks for ECS Managed Instances, but the cluster has no Managed Instances capacity provider.",
                         f"{path}.{name}", Stage.LAUNCH)


GPU_CAPACITY = Rule(
    id="LT07",
    title="GPU tasks need GPU container instances",
    description=("ECS places a task that reserves GPUs only on instances that register GPUs: a GPU instance type (p or g family) "
                 "running the ECS GPU-optimized AMI, or an ECS Managed Instances provider whose instance requirements include GPUs."),
    source=DOCS + "ecs-gpu.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#gpus",
    requirement=Deploys,
    check=_gpu_capacity,
)

NO_INSTANCES_TO_MANAGE = Rule(
    id="LT08",
    title="Only Fargate and Managed Instances take the servers off your hands",
    description=("With the EC2 launch type or an Auto Scaling group capacity provider you patch and scale the instances, and ECS "
                 "Anywhere runs on your own servers; Fargate and ECS Managed Instances leave that to AWS."),
    source=DOCS + "launch_types.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#choosing",
    requirement=NoInstancesToManage,
    check=_no_instances_to_manage,
)

RUNS_ON_PREMISES = Rule(
    id="LT09",
    title="ECS Anywhere runs tasks on your own servers",
    description=("The EXTERNAL launch type places tasks on on-premises servers or VMs registered with the cluster through the "
                 "SSM agent and the ECS agent; every other option runs in an AWS Region."),
    source=DOCS + "ecs-anywhere.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#other-compute",
    requirement=RunsOnPremises,
    check=_runs_on_premises,
)

LAUNCH_TYPE_COMPATIBLE = Rule(
    id="LT10",
    title="A task definition runs only where it was validated",
    description=("requiresCompatibilities lists the capacity a task definition is validated for: FARGATE for Fargate and Fargate "
                 "Spot, EC2 for EC2 instances (and ECS Anywhere), MANAGED_INSTANCES for ECS Managed Instances. A revision starts "
                 "only on capacity it lists."),
    source=DOCS + "managed-instances-tasks-services.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#task-definitions",
    requirement=Deploys,
    check=_launch_type_compatible,
)

CAPACITY_EXISTS = Rule(
    id="LT11",
    title="EXTERNAL and Managed Instances need their capacity",
    description=("The EXTERNAL launch type places tasks only on servers registered through ECS Anywhere, and ECS Managed Instances "
                 "only through a Managed Instances capacity provider of the cluster."),
    source=DOCS + "ecs-anywhere.html",
    source_checked=date(2026, 11, 27),
    taught_in="launch-types#other-compute",
    requirement=Deploys,
    check=_capacity_exists,
)

RULES = (GPU_CAPACITY, NO_INSTANCES_TO_MANAGE, RUNS_ON_PREMISES, LAUNCH_TYPE_COMPATIBLE, CAPACITY_EXISTS)
