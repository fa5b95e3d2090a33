"""Requirement kinds about identities: who may call what, and whether the agent's calls succeed."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class InstancesRegister:
    """Every EC2 instance the cluster's Auto Scaling groups launch joins the cluster."""

    kind: Literal["instances_register"] = key("Requirement kind.", "instances_register")
    group: str | None = key("Auto Scaling group to check; every group when empty.", "web-asg", default=None)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        where = f"group '{self.group}'" if self.group else "the cluster's Auto Scaling groups"
        return f"Every instance of {where} registers as a container instance"


@dataclass(config=STRICT)
class AppCan:
    """Application code in a container can make one AWS call (the credentials it really signs with allow it)."""

    kind: Literal["app_can"] = key("Requirement kind.", "app_can")
    container: str = key("Container name; every running task with a container of that name is checked.", "api", default="")
    action: str = key("IAM action the code calls.", "s3:GetObject", default="")
    resource: str = key("Resource ARN the call targets.", "arn:aws:s3:::reports-archive/*", default="*")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Code in container '{self.container}' can call {self.action} on {self.resource}"


@dataclass(config=STRICT)
class AppCannot:
    """A negative permission: code in a container must not be able to make a call with any credentials it can reach."""

    kind: Literal["app_cannot"] = key("Requirement kind.", "app_cannot")
    container: str = key("Container name that must be denied.", "telemetry", default="")
    action: str = key("IAM action it must not be able to call.", "s3:PutObject", default="")
    resource: str = key("Resource ARN.", "arn:aws:s3:::uploads-prod/*", default="*")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Code in container '{self.container}' cannot call {self.action} on {self.resource}"


@dataclass(config=STRICT)
class LeastPrivilege:
    """A permission is held only by the task roles of the task definitions that need it."""

    kind: Literal["least_privilege"] = key("Requirement kind.", "least_privilege")
    action: str = key("IAM action.", "s3:GetObject", default="")
    resource: str = key("Resource ARN.", "arn:aws:s3:::reports-archive/*", default="*")
    needed_by: list[str] = key("Task definitions whose code needs the permission.", ["reports"], default=[])

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Only {', '.join(self.needed_by) or 'no task'} can use {self.action} on {self.resource}"


@dataclass(config=STRICT)
class ImagePullSucceeds:
    """The agent can pull every image of the service's (or standalone task's) task definition."""

    kind: Literal["image_pull_succeeds"] = key("Requirement kind.", "image_pull_succeeds")
    of: str = key("Service or standalone task name.", "orders", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The images of '{self.of}' are pulled"


@dataclass(config=STRICT)
class LogsDelivered:
    """Containers that use the awslogs driver get their logs into CloudWatch Logs."""

    kind: Literal["logs_delivered"] = key("Requirement kind.", "logs_delivered")
    of: str = key("Service or standalone task name.", "orders", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The awslogs output of '{self.of}' reaches CloudWatch Logs"


@dataclass(config=STRICT)
class SecretsInjected:
    """The secrets named in the containers' `secrets` field are injected when the containers start."""

    kind: Literal["secrets_injected"] = key("Requirement kind.", "secrets_injected")
    of: str = key("Service or standalone task name.", "orders", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The secrets of '{self.of}' are injected when its containers start"


@dataclass(config=STRICT)
class SecretFresh:
    """A container sees a rotated secret within minutes, without a restart or a redeployment."""

    kind: Literal["secret_fresh"] = key("Requirement kind.", "secret_fresh")
    container: str = key("Container name.", "api", default="")
    secret: str = key("ARN of the secret or parameter.", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Container '{self.container}' sees a rotated value of {self.secret} without a restart"


REQUIREMENTS = (InstancesRegister, AppCan, AppCannot, LeastPrivilege, ImagePullSucceeds, LogsDelivered,
                SecretsInjected, SecretFresh)
