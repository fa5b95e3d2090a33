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
    kind: NodeGroupKind = key("managed or self-managed.", "managed", default=NodeGroupKind.MANAGED, phrase="node group kind")
    instance_type: str = key("EC2 instance type.", "g4dn.xlarge", default="m5.large", phrase="instance type")
    size: int = key("Nodes running.", 3, default=2, ge=0, phrase="node count")
    spot: bool = key("Spot capacity.", True, default=False, phrase="Spot capacity")
    node_role: str | None = key("Role in `roles` the nodes' instance profile carries (the node IAM role); empty: not part of the question.", "eks-nodes", default=None, phrase="node IAM role")


@dataclass(config=STRICT)
class ProfileSelector:
    namespace: str = key("Namespace a pod must be in.", "analytics", phrase="namespace")
    labels: dict[str, str] = key("Labels a pod must all carry.", {"compute": "fargate"}, default={}, phrase="labels")


@dataclass(config=STRICT)
class FargateProfile:
    selectors: list[ProfileSelector] = key("Up to five selectors.", [{"namespace": "analytics"}], phrase="selectors")
    pod_execution_role: str | None = key("Role the Fargate kubelet uses (image pulls, logs).", "eks-fargate-pods", default=None, phrase="pod execution role")


@dataclass(config=STRICT)
class ServiceAccount:
    irsa_role: str | None = key("Role named in the eks.amazonaws.com/role-arn annotation (IRSA).", "etl-s3", default=None, phrase="IRSA role (eks.amazonaws.com/role-arn annotation)")
    pod_identity_role: str | None = key("Role of an EKS Pod Identity association.", "etl-s3", default=None, phrase="EKS Pod Identity association role")


@dataclass(config=STRICT)
class Workload:
    namespace: str = key("Namespace of the pods.", "analytics", default="default", phrase="namespace")
    labels: dict[str, str] = key("Labels in the pod template.", {"app": "etl"}, default={}, phrase="pod labels")
    service_account: str | None = key("Name in eks.service_accounts.", "etl", default=None, phrase="service account")
    daemonset: bool = key("Runs as a DaemonSet.", True, default=False, phrase="DaemonSet mode")
    privileged: bool = key("Privileged containers.", True, default=False, phrase="privileged containers")
    gpu: int = key("GPUs per pod.", 1, default=0, ge=0, phrase="GPUs per pod")
    app_calls: list[AwsCall] = key("AWS calls the pods make.", [{"action": "s3:GetObject"}], default=[], phrase="AWS calls the pods make")


@dataclass(config=STRICT)
class EksCluster:
    node_groups: dict[str, NodeGroup] = key("EC2 node groups.", {"general": {"kind": "managed"}}, default={}, phrase="node groups")
    fargate_profiles: dict[str, FargateProfile] = key("Fargate profiles.", {"batch": {"selectors": [{"namespace": "analytics"}]}}, default={}, phrase="Fargate profiles")
    oidc_provider: bool = key("An IAM OIDC provider exists for the cluster (needed by IRSA).", True, default=False, phrase="IAM OIDC provider")
    pod_identity_agent: bool = key("The EKS Pod Identity agent add-on is installed.", True, default=False, phrase="EKS Pod Identity Agent add-on")


@dataclass(config=STRICT)
class Eks:
    cluster: EksCluster | None = key("The EKS cluster.", {"fargate_profiles": {}}, default=None, phrase="the EKS cluster")
    service_accounts: dict[str, ServiceAccount] = key("Kubernetes service accounts.", {"etl": {"irsa_role": "etl-s3"}}, default={}, phrase="Kubernetes service accounts")
    workloads: dict[str, Workload] = key("Deployments and DaemonSets.", {"etl": {"namespace": "analytics", "labels": {"app": "etl"}}}, default={}, phrase="workloads")
    edited_profiles: list[str] = key("Fargate profiles the change edits in place.", ["batch"], default=[], phrase="Fargate profiles edited in place")
