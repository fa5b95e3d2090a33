"""Deployment step: resolve which identity each actor of each task uses (agent, application, mount client).

Actors and their credentials, per current AWS docs (task_execution_IAM_role.html, task-iam-roles.html,
instance_IAM_role.html, sdkref standardized-credentials.html):
- the agent pulling private images and shipping awslogs: the execution role when the task definition
  sets one; on EC2 without one, the instance profile; on Fargate nothing else (no instance profile);
- the agent injecting `secrets`: the execution role only, on EC2 and Fargate alike;
- application code: the SDK default chain, first answer wins and nothing is merged: static keys in the
  environment, then the container provider (task role), then on EC2 the instance profile through IMDS
  unless the network mode's block is on (host mode cannot be blocked that way).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..facts.policies import role_allows
from ..placement import effective_network_mode
from ..vocab import Design
from ..vocab.compute import LaunchType, NetworkMode, TaskDefinition

if TYPE_CHECKING:
    from ..deploy import Deployment


class Source(StrEnum):
    """Where a set of credentials comes from."""

    STATIC_KEYS = "static access keys in the environment"
    TASK_ROLE = "task role"
    EXECUTION_ROLE = "execution role"
    INSTANCE_PROFILE = "instance profile"
    NONE = "no credentials"


@dataclass(frozen=True)
class Identity:
    """One set of credentials an actor uses: its source, the role(s) behind it, and why it is this one."""

    source: Source
    roles: tuple[str, ...] = ()
    why: str = ""

    def describe(self) -> str:
        """'task role 'orders-task'', 'instance profile 'ecsInstanceRole'', 'no credentials'."""
        if not self.roles:
            return self.source.value
        return f"{self.source.value} '{', '.join(self.roles)}'"

    def allows(self, design: Design, action: str, resource: str = "*") -> bool:
        """True when every role behind the identity allows the call (static keys: unknown, so False)."""
        if not self.roles:
            return False
        return all(role_allows(design.roles.get(name), action, resource) for name in self.roles)


@dataclass(frozen=True)
class ContainerCredentials:
    """What code in one container signs with, and everything it could obtain if it tried."""

    container: str
    app: Identity
    reachable: tuple[Identity, ...]


@dataclass(frozen=True)
class TaskCredentials:
    """The identities behind the tasks of one service or standalone task."""

    owner: str
    task_definition: str
    on_fargate: bool
    network_mode: NetworkMode
    instance_profiles: tuple[str, ...]
    imds_reachable: bool
    agent: Identity
    secrets: Identity
    containers: tuple[ContainerCredentials, ...]

    def container(self, name: str) -> ContainerCredentials | None:
        """The credentials of one container of the task."""
        return next((c for c in self.containers if c.container == name), None)


@dataclass(frozen=True)
class Credentials:
    """Every owner's resolved identities."""

    tasks: tuple[TaskCredentials, ...] = ()

    def of(self, owner: str) -> TaskCredentials | None:
        """The credentials of one service or standalone task."""
        return next((t for t in self.tasks if t.owner == owner), None)

    def with_container(self, container: str) -> list[tuple[TaskCredentials, ContainerCredentials]]:
        """Every running copy of a container name, with its task."""
        return [(t, c) for t in self.tasks for c in t.containers if c.container == container]


def _runs_on_fargate(deployment: Deployment, owner: str, launch_type: LaunchType | None) -> bool:
    tasks = deployment.tasks_of(owner)
    return any(t.on_fargate for t in tasks) or launch_type is LaunchType.FARGATE


def _host_profiles(deployment: Deployment, owner: str) -> tuple[str, ...]:
    """Instance profile roles of the hosts the owner's tasks landed on (every group when none landed)."""
    groups = deployment.design.cluster.auto_scaling_groups
    hosts = {deployment.instance(t.instance).group for t in deployment.tasks_of(owner) if t.instance}
    names = [g.instance_profile for name, g in groups.items() if (name in hosts or not hosts)]
    return tuple(dict.fromkeys(n for n in names if n))


def _imds_blocked(design: Design, mode: NetworkMode) -> bool:
    """ECS_AWSVPC_BLOCK_IMDS covers awsvpc, the iptables rule covers bridge; host mode stays open."""
    agents = [g.agent for g in design.cluster.auto_scaling_groups.values()]
    if not agents:
        return False
    if mode is NetworkMode.AWSVPC:
        return all(a.block_imds_for_awsvpc for a in agents)
    if mode is NetworkMode.BRIDGE:
        return all(a.block_imds_for_bridge for a in agents)
    return mode is NetworkMode.NONE


def _agent_identity(td: TaskDefinition, on_fargate: bool, profiles: tuple[str, ...]) -> Identity:
    if td.execution_role:
        return Identity(Source.EXECUTION_ROLE, (td.execution_role,), "the task definition sets an execution role")
    if on_fargate:
        return Identity(Source.NONE, (), "Fargate has no instance profile, so only an execution role can sign for the agent")
    if profiles:
        return Identity(Source.INSTANCE_PROFILE, profiles, "on EC2 without an execution role the agent uses the instance profile")
    return Identity(Source.NONE, (), "the task definition has no execution role and the hosts have no instance profile")


def _secrets_identity(td: TaskDefinition) -> Identity:
    if td.execution_role:
        return Identity(Source.EXECUTION_ROLE, (td.execution_role,), "secrets are injected with the execution role")
    return Identity(Source.NONE, (), "secrets are injected only with an execution role, on EC2 as on Fargate (never with the instance profile)")


def task_role_delivered(design: Design, on_fargate: bool, mode: NetworkMode) -> bool:
    """Whether the agent hands task role credentials to containers: on EC2, bridge and host mode need the agent setting."""
    agents = [g.agent for g in design.cluster.auto_scaling_groups.values()]
    if on_fargate or not agents or mode in (NetworkMode.AWSVPC, NetworkMode.NONE):
        return True
    if mode is NetworkMode.HOST:
        return all(a.task_iam_role_network_host for a in agents)
    return all(a.task_iam_role for a in agents)


def _container_credentials(name: str, static_keys: bool, td: TaskDefinition, imds: Identity | None,
                           delivered: bool = True) -> ContainerCredentials:
    """The SDK default chain: static keys, then the container provider, then IMDS; the first answer wins."""
    task_role = (Identity(Source.TASK_ROLE, (td.task_role,), "the container credential provider answers before IMDS")
                 if td.task_role and delivered else None)
    keys = Identity(Source.STATIC_KEYS, (), "environment keys come first in the SDK default chain") if static_keys else None
    chain = [i for i in (keys, task_role, imds) if i is not None]
    app = chain[0] if chain else Identity(Source.NONE, (), "no static keys, no task role and no instance profile to fall back on")
    return ContainerCredentials(name, app, tuple(chain))


def _task_credentials(deployment: Deployment, owner: str, td_name: str, launch_type: LaunchType | None) -> TaskCredentials:
    design = deployment.design
    td = design.task_definitions[td_name]
    on_fargate = _runs_on_fargate(deployment, owner, launch_type)
    mode = effective_network_mode(td, on_fargate)
    profiles = () if on_fargate else _host_profiles(deployment, owner)
    open_imds = bool(profiles) and not _imds_blocked(design, mode)
    delivered = task_role_delivered(design, on_fargate, mode)
    why = ("containers on EC2 reach the instance profile through IMDS" if delivered or not td.task_role else
           "the agent setting for this network mode is off, so no task role credentials reach the containers and the SDK "
           "falls back to IMDS")
    imds = Identity(Source.INSTANCE_PROFILE, profiles, why) if open_imds else None
    containers = tuple(_container_credentials(n, c.static_aws_keys, td, imds, delivered) for n, c in td.containers.items())
    return TaskCredentials(owner, td_name, on_fargate, mode, profiles, open_imds,
                           _agent_identity(td, on_fargate, profiles), _secrets_identity(td), containers)


def resolve(deployment: Deployment) -> Credentials:
    """Resolve which identity each actor of each task uses (agent, application, mount client)."""
    design = deployment.design
    owners = [*design.services.items(), *design.tasks.items()]
    return Credentials(tuple(
        _task_credentials(deployment, name, spec.task_definition, spec.launch_type)
        for name, spec in owners if spec.task_definition in design.task_definitions
    ))


def app_identity(deployment: Deployment, owner: str, container: str | None = None) -> Identity:
    """The identity application code in the owner's task signs with (first container when none is named)."""
    task = deployment.credentials.of(owner) if deployment.credentials else None
    if task is None or not task.containers:
        return Identity(Source.NONE, (), f"'{owner}' runs no tasks")
    found = task.container(container) if container else task.containers[0]
    return found.app if found else Identity(Source.NONE, (), f"'{owner}' has no container '{container}'")


def mount_client_identity(design: Design, task_definition: str) -> Identity:
    """The identity of an EFS mount with IAM authorization: always the task role, never the instance profile."""
    td = design.task_definitions.get(task_definition)
    if td is None or not td.task_role:
        return Identity(Source.NONE, (), "EFS IAM authorization uses the task role as the client identity, and none is set")
    return Identity(Source.TASK_ROLE, (td.task_role,), "EFS IAM authorization uses the task role as the client identity")
