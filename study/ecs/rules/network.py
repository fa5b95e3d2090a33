"""Network-path rules: every AWS call a task makes (image pulls, logs, secrets, its own SDK calls) needs a route.

Security groups and ports belong to the load-balancing rules; these rules only follow routes and endpoints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..placement import agent_network_problem
from ..requirements.base import Deploys
from ..requirements.iam import (
    AppCan,
    ImagePullSucceeds,
    InstancesRegister,
    LogsDelivered,
    SecretsInjected,
)
from ..requirements.network import TrafficPrivate
from ..rule import Rule
from ..steps.credentials import TaskCredentials
from ..vocab.compute import NetworkMode
from . import _agent_paths as paths
from ._deployment_views import DOCS

ECR_ENDPOINTS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"

CallsOf = Callable[[Deployment, TaskCredentials], list[paths.Call]]


def _task(dep: Deployment, owner: str) -> TaskCredentials | None:
    return dep.credentials.of(owner) if dep.credentials else None


def _unreachable(dep: Deployment, owner: str, calls_of: CallsOf, failure: str) -> Iterator[Breach]:
    """One breach per call that cannot get out, naming the subnet and why."""
    task = _task(dep, owner)
    if task is None:
        return
    seen = set()
    for hop in paths.hops(calls_of(dep, task), paths.agent_origins(dep, task), dep.design):
        if not hop.reachable and hop.call not in seen:
            seen.add(hop.call)
            yield Breach(f"The tasks of '{owner}' cannot make the {hop.call.purpose} call: {hop.via}; {failure}.",
                         "network", Stage.LAUNCH)


def _image_pull_path(dep: Deployment, req: ImagePullSucceeds) -> Iterator[Breach]:
    yield from _unreachable(dep, req.of, paths.pull_calls, "the pull times out and the task stops with CannotPullContainerError")


def _logs_path(dep: Deployment, req: LogsDelivered) -> Iterator[Breach]:
    yield from _unreachable(dep, req.of, paths.logs_calls, "the awslogs driver cannot create its log stream, so the container does not start")


def _secrets_path(dep: Deployment, req: SecretsInjected) -> Iterator[Breach]:
    yield from _unreachable(dep, req.of, paths.secret_calls, "the secret cannot be read and the task stops with ResourceInitializationError")


def _app_call_path(dep: Deployment, req: AppCan) -> Iterator[Breach]:
    service = req.action.split(":")[0].lower()
    creds = dep.credentials.with_container(req.container) if dep.credentials else []
    for task, _container in creds:
        if task.network_mode is NetworkMode.NONE:
            yield Breach(f"Code in '{req.container}' of '{task.owner}' has no network at all: the none network mode gives "
                         "containers no external connectivity.", f"task_definitions.{task.task_definition}.network_mode", Stage.RUN)
            continue
        for hop in paths.hops([paths.Call(service, f"{req.action} call")], paths.app_origins(dep, task), dep.design):
            if not hop.reachable:
                yield Breach(f"Code in '{req.container}' of '{task.owner}' cannot reach {service} for its {req.action} call: {hop.via}.",
                             f"task_definitions.{task.task_definition}.containers.{req.container}", Stage.RUN)
                break


def _public_hops(dep: Deployment, task: TaskCredentials) -> list[paths.Hop]:
    agent = paths.pull_calls(dep, task) + paths.logs_calls(dep, task) + paths.secret_calls(dep, task)
    found = paths.hops(agent, paths.agent_origins(dep, task), dep.design)
    found += paths.hops(paths.app_calls(dep, task), paths.app_origins(dep, task), dep.design)
    return [h for h in found if h.reachable and not h.private]


def _traffic_private(dep: Deployment, req: TrafficPrivate) -> Iterator[Breach]:
    task = _task(dep, req.of)
    if task is None:
        return
    seen = set()
    for hop in _public_hops(dep, task):
        if hop.call not in seen:
            seen.add(hop.call)
            yield Breach(f"The {hop.call.purpose} call of '{req.of}' leaves through {hop.via}, not a VPC endpoint.",
                         "network.endpoints", Stage.REQUIREMENT)


def _public_ip_only_on_fargate(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for kind, owners in (("services", dep.design.services), ("tasks", dep.design.tasks)):
        for name, spec in owners.items():
            task = _task(dep, name)
            if spec.network and spec.network.assign_public_ip and task is not None and not task.on_fargate:
                yield Breach(f"'{name}' asks for assignPublicIp ENABLED but runs on EC2: task ENIs on EC2 instances never get "
                             "a public IP, and ECS rejects the setting outside Fargate.",
                             f"{kind}.{name}.network.assign_public_ip", Stage.REGISTER)


def _agent_reaches_ecs(dep: Deployment, req: InstancesRegister) -> Iterator[Breach]:
    for name, group in dep.design.cluster.auto_scaling_groups.items():
        problem = agent_network_problem(dep.design, group)
        if req.group in (None, name) and problem and any(i.group == name and not i.registered for i in dep.instances):
            yield Breach(f"The instances of group '{name}' never join cluster '{dep.design.cluster.name}': {problem}.",
                         "network.endpoints", Stage.LAUNCH)


IMAGE_PULL_PATH = Rule(
    id="VPC01",
    title="An image pull needs a path to ECR and to S3",
    description=("A pull from private ECR calls the ECR API (ecr.api, on EC2 and on Fargate platform 1.4.0+), the registry "
                 "(ecr.dkr) and Amazon S3, where the layers live. Without a NAT gateway each needs a VPC endpoint (interface "
                 "endpoints for ECR, a gateway endpoint for S3). Images outside AWS need the internet."),
    source=ECR_ENDPOINTS,
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=ImagePullSucceeds,
    check=_image_pull_path,
)

LOGS_PATH = Rule(
    id="VPC02",
    title="awslogs needs a path to CloudWatch Logs",
    description="The awslogs driver sends to the CloudWatch Logs API, so a subnet without a NAT route needs a logs interface endpoint.",
    source=DOCS + "using_awslogs.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=LogsDelivered,
    check=_logs_path,
)

SECRETS_PATH = Rule(
    id="VPC03",
    title="Injected secrets need a path to Secrets Manager or SSM",
    description=("Before a container starts, the agent reads each injected secret from Secrets Manager or SSM Parameter Store; "
                 "without a NAT route the subnet needs a secretsmanager or ssm interface endpoint."),
    source=DOCS + "platform-version-migration.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=SecretsInjected,
    check=_secrets_path,
)

APP_CALL_PATH = Rule(
    id="VPC04",
    title="Application calls need a route too",
    description=("Code in a container reaches AWS APIs from the task ENI (awsvpc) or the instance (bridge, host): through a NAT "
                 "gateway, an internet gateway with a public IP, or a VPC endpoint for that service."),
    source=DOCS + "fargate-task-networking.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=AppCan,
    check=_app_call_path,
)

TRAFFIC_PRIVATE = Rule(
    id="VPC05",
    title="Private traffic means a VPC endpoint for every call",
    description=("A call that goes through a NAT gateway or an internet gateway leaves the private network even when it works; "
                 "keeping traffic private needs an interface or gateway endpoint for each service the tasks call."),
    source=ECR_ENDPOINTS,
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=TrafficPrivate,
    check=_traffic_private,
)

PUBLIC_IP_ONLY_ON_FARGATE = Rule(
    id="VPC06",
    title="Task public IPs exist only on Fargate",
    description=("assignPublicIp applies to Fargate tasks; awsvpc task ENIs on EC2 instances never get a public IP, so tasks "
                 "there reach the internet through a NAT gateway. A public IP helps only with a route to an internet gateway."),
    source=DOCS + "task-networking-awsvpc.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#public-ip",
    requirement=Deploys,
    check=_public_ip_only_on_fargate,
)

AGENT_REACHES_ECS = Rule(
    id="VPC07",
    title="The container agent needs a path to ECS",
    description=("To register and poll, the agent on an EC2 instance calls ECS from the instance's subnet: through a NAT gateway, "
                 "an internet gateway with a public IP, or the ecs-agent, ecs-telemetry and ecs interface endpoints."),
    source=DOCS + "vpc-endpoints.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#agent-network-path",
    requirement=InstancesRegister,
    check=_agent_reaches_ecs,
)

RULES = (AGENT_REACHES_ECS, IMAGE_PULL_PATH, LOGS_PATH, SECRETS_PATH, APP_CALL_PATH, TRAFFIC_PRIVATE, PUBLIC_IP_ONLY_ON_FARGATE)
