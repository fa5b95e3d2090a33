"""IAM vocabulary: roles, who they trust and what they allow."""

from __future__ import annotations

from pydantic.dataclasses import dataclass

from ._base import STRICT, key


@dataclass(config=STRICT)
class Permission:
    effect: str = key("Allow or Deny; an explicit Deny overrides every Allow.", "Deny", default="Allow", pattern="^(Allow|Deny)$", phrase="effect (Effect)")
    action: str = key("IAM action; a trailing * is a wildcard.", "s3:GetObject", phrase="action")
    resource: str = key("Resource ARN, a trailing * is a wildcard; * is any.", "arn:aws:s3:::reports-archive/*", default="*", phrase="resource")


@dataclass(config=STRICT)
class ResourceStatement:
    effect: str = key("Allow or Deny.", "Deny", default="Allow", pattern="^(Allow|Deny)$", phrase="effect (Effect)")
    principals: list[str] = key("Role names from `roles`, account ids, or * for everyone.", ["reports-task"], default=["*"], phrase="principals (Principal)")
    actions: list[str] = key("Actions; a trailing * is a wildcard.", ["s3:DeleteObject"], phrase="actions (Action)")
    resource: str = key("Resource ARN the statement covers; * for the whole resource.", "arn:aws:s3:::reports-archive/*", default="*", phrase="resource (Resource)")


@dataclass(config=STRICT)
class Role:
    trust: str = key("Service principal the role trusts.", "ecs-tasks.amazonaws.com", default="ecs-tasks.amazonaws.com", phrase="trusted service principal (trust policy)")
    managed_policies: list[str] = key("AWS managed policies attached by name.", ["AmazonECSTaskExecutionRolePolicy"], default=[], phrase="AWS managed policies")
    permissions: list[Permission] = key("Inline permissions.", [{"action": "dynamodb:PutItem", "resource": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}], default=[], phrase="inline permissions")
