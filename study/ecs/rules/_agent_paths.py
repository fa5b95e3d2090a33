"""The network path of each AWS call a task makes: which endpoint it needs and how it gets there.

Sources: https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-version-migration.html,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html, checked 2026-11-27.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..deploy import Deployment
from ..facts import fargate
from ..steps.credentials import TaskCredentials
from ..vocab import Design
from ..vocab.compute import LogDriver, NetworkMode, Registry, SecretSource
from ..vocab.network import EndpointType, RouteTarget

INTERNET = "internet"
PUBLIC_REGISTRIES = (Registry.DOCKER_HUB, Registry.ECR_PUBLIC, Registry.PRIVATE_REGISTRY)
PRIVATE_ECR = (Registry.ECR_PRIVATE, Registry.ECR_OTHER_ACCOUNT)


@dataclass(frozen=True)
class Call:
    """One network call: the endpoint service it needs and what it is for."""

    service: str
    purpose: str


@dataclass(frozen=True)
class Origin:
    """Where a call leaves from: a subnet, and whether the sender has a public IP."""

    subnet: str
    public_ip: bool


@dataclass(frozen=True)
class Hop:
    """How one call from one origin gets out (or why it does not)."""

    call: Call
    origin: Origin
    reachable: bool
    private: bool
    via: str


def _endpoint_for(design: Design, service: str) -> str | None:
    """Name of an endpoint that carries the service privately (interface endpoints need private DNS)."""
    for name, ep in design.network.endpoints.items():
        if ep.service == service and (ep.type is EndpointType.GATEWAY or ep.private_dns):
            return name
    return None


def route(design: Design, call: Call, origin: Origin) -> Hop:
    """Follow one call: a VPC endpoint first, then the subnet's default route."""
    endpoint = _endpoint_for(design, call.service) if call.service != INTERNET else None
    if endpoint is not None:
        kind = design.network.endpoints[endpoint].type.value
        return Hop(call, origin, True, True, f"{kind} endpoint '{endpoint}'")
    subnet = design.network.subnets.get(origin.subnet)
    target = subnet.default_route if subnet else RouteTarget.NONE
    if target is RouteTarget.NAT_GATEWAY:
        return Hop(call, origin, True, False, f"the NAT gateway of subnet '{origin.subnet}'")
    if target is RouteTarget.INTERNET_GATEWAY and origin.public_ip:
        return Hop(call, origin, True, False, f"the internet gateway of subnet '{origin.subnet}'")
    if target is RouteTarget.INTERNET_GATEWAY:
        return Hop(call, origin, False, False, f"subnet '{origin.subnet}' routes to an internet gateway, but the sender has no public IP")
    public = "the sender's public IP is no use there: " if origin.public_ip else ""
    endpoint_text = f" and no VPC endpoint for {call.service}" if call.service != INTERNET else ""
    return Hop(call, origin, False, False, f"{public}subnet '{origin.subnet}' has no NAT or internet gateway route{endpoint_text}")


def _public_ip_for_instance(design: Design, subnet: str) -> bool:
    """The model assumes instances launched into a subnet routed to an internet gateway get a public IP."""
    found = design.network.subnets.get(subnet)
    return found is not None and found.default_route is RouteTarget.INTERNET_GATEWAY


def _network_config(design: Design, owner: str):
    spec = design.services.get(owner) or design.tasks.get(owner)
    return spec.network if spec else None


def agent_origins(dep: Deployment, task: TaskCredentials) -> list[Origin]:
    """Agent calls leave from the task ENI on Fargate and from the instance on EC2."""
    design = dep.design
    placed = [t for t in dep.tasks_of(task.owner) if t.subnet]
    if task.on_fargate:
        config = _network_config(design, task.owner)
        public = bool(config and config.assign_public_ip)
        subnets = [t.subnet for t in placed] or (config.subnets if config else [])
        return [Origin(s, public) for s in dict.fromkeys(subnets)]
    hosts = [dep.instance(t.instance) for t in placed if t.instance]
    subnets = [h.subnet for h in hosts if h] or [i.subnet for i in dep.instances]
    return [Origin(s, _public_ip_for_instance(design, s)) for s in dict.fromkeys(subnets)]


def app_origins(dep: Deployment, task: TaskCredentials) -> list[Origin]:
    """Application calls leave from the task ENI (awsvpc) or from the instance (bridge and host modes)."""
    if task.on_fargate or task.network_mode is not NetworkMode.AWSVPC:
        return agent_origins(dep, task)
    config = _network_config(dep.design, task.owner)
    subnets = (config.subnets if config and config.subnets else [o.subnet for o in agent_origins(dep, task)])
    return [Origin(s, False) for s in dict.fromkeys(subnets)]


def _platform(dep: Deployment, owner: str) -> tuple[int, ...]:
    spec = dep.design.services.get(owner) or dep.design.tasks.get(owner)
    td = dep.design.task_definitions[spec.task_definition]
    return fargate.platform_version(spec.platform_version, td.os)


def pull_calls(dep: Deployment, task: TaskCredentials) -> list[Call]:
    """The calls an image pull makes, per registry of each container's image."""
    td = dep.design.task_definitions[task.task_definition]
    registries = {c.registry for c in td.containers.values()}
    calls: list[Call] = []
    if registries & set(PRIVATE_ECR):
        if not task.on_fargate or _platform(dep, task.owner) >= (1, 4, 0):
            calls.append(Call("ecr.api", "image pull (ECR API: authorization token and manifest)"))
        calls += [Call("ecr.dkr", "image pull (ECR registry: docker pull)"), Call("s3", "image pull (image layers stored in Amazon S3)")]
    for registry in sorted(registries & set(PUBLIC_REGISTRIES)):
        calls.append(Call(INTERNET, f"image pull from {registry.value} (outside AWS, internet only)"))
    return calls


def logs_calls(dep: Deployment, task: TaskCredentials) -> list[Call]:
    """awslogs sends to CloudWatch Logs."""
    td = dep.design.task_definitions[task.task_definition]
    uses = any(c.log_driver is LogDriver.AWSLOGS for c in td.containers.values())
    return [Call("logs", "awslogs (CloudWatch Logs)")] if uses else []


def secret_calls(dep: Deployment, task: TaskCredentials) -> list[Call]:
    """Injected secrets are read from Secrets Manager or SSM Parameter Store before the container starts."""
    td = dep.design.task_definitions[task.task_definition]
    sources = {s.source for c in td.containers.values() for s in c.secrets}
    names = {SecretSource.SECRETS_MANAGER: "secretsmanager", SecretSource.SSM: "ssm"}
    return [Call(names[s], f"secret injection ({names[s]})") for s in sorted(sources)]


def app_calls(dep: Deployment, task: TaskCredentials, container: str | None = None) -> list[Call]:
    """The application's own SDK calls, one per AWS service."""
    td = dep.design.task_definitions[task.task_definition]
    services = [call.action.split(":")[0].lower() for name, c in td.containers.items()
                if container in (None, name) for call in c.app_calls]
    return [Call(s, f"application {s}") for s in dict.fromkeys(services)]


def hops(calls: list[Call], origins: list[Origin], design: Design) -> list[Hop]:
    """Every (call, origin) pair routed."""
    return [route(design, call, origin) for call in calls for origin in origins]
