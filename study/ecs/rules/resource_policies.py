"""Resource policy rules: an S3 bucket policy's explicit Deny, and EFS file system policies with and without IAM authorization."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.policies import resource_policy_decision, role_allows
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.iam import AppCan
from ..rule import Rule
from ..steps.credentials import Source
from ..vocab.storage import VolumeType
from ._deployment_views import task_definitions_in_use

CHECKED = date(2026, 12, 6)
MOUNT = "elasticfilesystem:ClientMount"


def _bucket_of(resource: str) -> str | None:
    if not resource.startswith("arn:aws:s3:::"):
        return None
    return resource[len("arn:aws:s3:::"):].split("/", 1)[0] or None


def _bucket_denies(dep: Deployment, req: AppCan) -> Iterator[Breach]:
    bucket_name = _bucket_of(req.resource)
    bucket = dep.design.buckets.get(bucket_name or "")
    if bucket is None or not bucket.policy:
        return
    for task, container in dep.credentials.with_container(req.container) if dep.credentials else []:
        identity = container.app
        principal = identity.roles[0] if identity.source is not Source.STATIC_KEYS and identity.roles else "?"
        if resource_policy_decision(bucket.policy, principal, dep.design.ecr.account, req.action, req.resource) == "deny":
            yield Breach(f"Bucket '{bucket_name}' has a policy statement that denies {req.action} to {identity.describe()}: an "
                         "explicit Deny in a resource policy overrides every Allow in the role, so the call fails with "
                         "AccessDenied.", f"buckets.{bucket_name}.policy", Stage.RUN)


def _efs_policy_admits(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for td_name, td, _fargate, _pv in task_definitions_in_use(dep):
        for vname, volume in td.volumes.items():
            fs = design.file_systems.get(volume.file_system or "")
            if volume.type is not VolumeType.EFS or fs is None or not fs.policy:
                continue
            problem = _efs_refusal(dep, td.task_role if volume.iam_authorization else None, fs.policy)
            if problem:
                yield Breach(f"Volume '{vname}' of '{td_name}' cannot mount file system '{volume.file_system}': {problem}.",
                             f"file_systems.{volume.file_system}.policy", Stage.LAUNCH)


def _efs_refusal(dep: Deployment, role_name: str | None, policy: list) -> str | None:
    """Why the file system policy refuses the mount, or None when it admits it."""
    account = dep.design.ecr.account
    if role_name is None:
        if resource_policy_decision(policy, "anonymous", "", MOUNT) == "allow":
            return None
        return ("the mount uses no IAM authorization, so the client is anonymous, and the file system policy grants "
                "nothing to anonymous clients (turn on IAM authorization so the task role is the client)")
    decision = resource_policy_decision(policy, role_name, account, MOUNT)
    if decision == "deny":
        return f"the file system policy denies {MOUNT} to task role '{role_name}'"
    if decision == "none" and not role_allows(dep.design.roles.get(role_name), MOUNT):
        return (f"once a file system policy exists it replaces the open default, and neither it nor task role '{role_name}' "
                f"allows {MOUNT}")
    return None


BUCKET_DENY = Rule(
    id="RP01",
    title="An explicit Deny in a bucket policy overrides the role's Allow",
    description=("Requests are evaluated against the caller's identity policies and the bucket policy together; a Deny in either "
                 "wins over every Allow, whatever role the task uses."),
    source="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    source_checked=CHECKED,
    taught_in="iam-roles#resource-policies",
    requirement=AppCan,
    check=_bucket_denies,
)

EFS_POLICY_ADMITS = Rule(
    id="RP02",
    title="A file system policy decides who mounts; with IAM authorization the client is the task role",
    description=("Without a file system policy EFS admits every client that reaches a mount target. With one, a mount with IAM "
                 "authorization is admitted when the policy or the task role allows elasticfilesystem:ClientMount and nothing "
                 "denies it; a mount without IAM authorization is anonymous and needs the policy to allow anonymous clients."),
    source="https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html",
    source_checked=CHECKED,
    taught_in="iam-roles#resource-policies",
    requirement=Deploys,
    check=_efs_policy_admits,
)

RULES = (BUCKET_DENY, EFS_POLICY_ADMITS)
