"""Amazon EKS vocabulary, enough for the questions that sit next to ECS."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key
from .compute import AwsCall


class NodeGroupKind(StrEnum):
    MANAGED = "managed"
    SELF_MANAGED = "self-managed"


@dataclass(config=STRICT)
class NodeGroup:
    kind: NodeGroupKind = key("managed or self-managed.", "managed", default=NodeGroupKind.MANAGED)
    instance_type: str = key("EC2 instance type.", "g4dn.xlarge", default="m5.large")
    size: int = key("Nodes running.", 3, default=2, ge=0)
    spot: bool = key("Spot capacity.", True, default=False)
    node_role: str | None = key("Role in `roles` the nodes' instance profile carries (the node IAM role); empty: not part of the question.", "eks-nodes", default=None)


@dataclass(config=STRICT)
class ProfileSelector:
    namespace: str = key("Namespace a pod must be in.", "analytics")
    labels: dict[str, str] = key("Labels a pod must all carry.", {"compute": "fargate"}, default={})


@dataclass(config=STRICT)
class FargateProfile:
    selectors: list[ProfileSelector] = key("Up to five selectors.", [{"namespace": "analytics"}])
    pod_execution_role: str | None = key("Role the Fargate kubelet uses (image pulls, logs).", "eks-fargate-pods", default=None)


@dataclass(config=STRICT)
class ServiceAccount:
    irsa_role: str | None = key("Role named in the eks.amazonaws.com/role-arn annotation (IRSA).", "etl-s3", default=None)
    pod_identity_role: str | None = key("Role of an EKS Pod Identity association.", "etl-s3", default=None)


@dataclass(config=STRICT)
class Workload:
    namespace: str = key("Namespace of the pods.", "analytics", default="default")
    labels: dict[str, str] = key("Labels in the pod template.", {"app": "etl"}, default={})
    service_account: str | None = key("Name in eks.service_accounts.", "etl", default=None)
    daemonset: bool = key("Runs as a DaemonSet.", True, default=False)
    privileged: bool = key("Privileged containers.", True, default=False)
    gpu: int = key("GPUs per pod.", 1, default=0, ge=0)
    app_calls: list[AwsCall] = key("AWS calls the pods make.", [{"action": "s3:GetObject"}], default=[])


@dataclass(config=STRICT)
class EksCluster:
    node_groups: dict[str, NodeGroup] = key("EC2 node groups.", {"general": {"kind": "managed"}}, default={})
    fargate_profiles: dict[str, FargateProfile] = key("Fargate profiles.", {"batch": {"selectors": [{"namespace": "analytics"}]}}, default={})
    oidc_provider: bool = key("An IAM OIDC provider exists for the cluster (needed by IRSA).", True, default=False)
    pod_identity_agent: bool = key("The EKS Pod Identity agent add-on is installed.", True, default=False)


@dataclass(config=STRICT)
class Eks:
    cluster: EksCluster | None = key("The EKS cluster.", {"fargate_profiles": {}}, default=None)
    service_accounts: dict[str, ServiceAccount] = key("Kubernetes service accounts.", {"etl": {"irsa_role": "etl-s3"}}, default={})
    workloads: dict[str, Workload] = key("Deployments and DaemonSets.", {"etl": {"namespace": "analytics", "labels": {"app": "etl"}}}, default={})
    edited_profiles: list[str] = key("Fargate profiles the change edits in place.", ["batch"], default=[])
