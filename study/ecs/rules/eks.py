"""Amazon EKS rules: Fargate profiles and scheduling, what EKS Fargate can't run, pod credentials, node groups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.instances import INSTANCE_TYPES
from ..facts.policies import ECR_PULL, role_allows
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.eks import NodesManagedByEks, PodCan, PodsScheduled
from ..rule import Rule
from ..vocab.eks import Eks, EksCluster, NodeGroupKind, ProfileSelector, Workload

EKS_DOCS = "https://docs.aws.amazon.com/eks/latest/userguide/"
FARGATE_POD_PRINCIPAL = "eks-fargate-pods.amazonaws.com"


def selector_matches(selector: ProfileSelector, workload: Workload) -> bool:
    """A pod matches a selector when it is in the namespace and carries every one of the selector's labels."""
    return selector.namespace == workload.namespace and all(workload.labels.get(k) == v for k, v in selector.labels.items())


def matching_profiles(cluster: EksCluster, workload: Workload) -> list[str]:
    """Fargate profiles with a selector that matches the workload's pods."""
    return [name for name, profile in cluster.fargate_profiles.items() if any(selector_matches(s, workload) for s in profile.selectors)]


def _describe_selectors(cluster: EksCluster) -> str:
    parts = []
    for name, profile in cluster.fargate_profiles.items():
        for s in profile.selectors:
            labels = ", ".join(f"{k}={v}" for k, v in s.labels.items())
            parts.append(f"'{name}' selects namespace {s.namespace}" + (f" with {labels}" if labels else ""))
    return "; ".join(parts) or "there are no Fargate profiles"


def _workloads(eks: Eks) -> Iterator[tuple[str, Workload, EksCluster]]:
    if eks.cluster is not None:
        for name, workload in eks.workloads.items():
            yield name, workload, eks.cluster


def _pods_placed(dep: Deployment, req: PodsScheduled) -> Iterator[Breach]:
    eks = dep.design.eks
    workload = eks.workloads.get(req.workload)
    if eks.cluster is None or workload is None or matching_profiles(eks.cluster, workload):
        return
    nodes = sum(g.size for g in eks.cluster.node_groups.values())
    if nodes == 0:
        labels = ", ".join(f"{k}={v}" for k, v in workload.labels.items()) or "no labels"
        yield Breach(f"The pods of '{req.workload}' (namespace {workload.namespace}, labels {labels}) match no Fargate profile "
                     f"({_describe_selectors(eks.cluster)}) and the cluster has no EC2 nodes, so they stay Pending.",
                     f"eks.workloads.{req.workload}", Stage.LAUNCH)


def _fargate_pod_limits(dep: Deployment, req: PodsScheduled) -> Iterator[Breach]:
    eks = dep.design.eks
    workload = eks.workloads.get(req.workload)
    if eks.cluster is None or workload is None:
        return
    profiles = matching_profiles(eks.cluster, workload)
    if not profiles:
        return
    limits = [text for present, text in ((workload.daemonset, "it is a DaemonSet"), (workload.privileged, "its containers are privileged"),
                                         (workload.gpu, f"it asks for {workload.gpu} GPU(s)")) if present]
    if limits:
        yield Breach(f"The pods of '{req.workload}' match Fargate profile '{profiles[0]}', but EKS on Fargate can't run them: "
                     f"{' and '.join(limits)}. Run them on EC2 nodes (and keep them out of the profile's selectors).",
                     f"eks.workloads.{req.workload}", Stage.LAUNCH)


def _gpu_nodes(dep: Deployment, req: PodsScheduled) -> Iterator[Breach]:
    eks = dep.design.eks
    workload = eks.workloads.get(req.workload)
    if eks.cluster is None or workload is None or not workload.gpu or matching_profiles(eks.cluster, workload):
        return
    groups = eks.cluster.node_groups
    if groups and not any(INSTANCE_TYPES.get(g.instance_type) and INSTANCE_TYPES[g.instance_type].gpus for g in groups.values() if g.size):
        types = ", ".join(sorted({g.instance_type for g in groups.values()}))
        yield Breach(f"The pods of '{req.workload}' ask for {workload.gpu} GPU(s), but no node has GPUs (instance types: {types}), "
                     "so they stay Pending; add a node group of a GPU instance type with the EKS-optimized accelerated AMI.",
                     f"eks.workloads.{req.workload}.gpu", Stage.LAUNCH)


def _profiles_immutable(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name in dep.design.eks.edited_profiles:
        yield Breach(f"Fargate profile '{name}' is edited in place, but a Fargate profile can't be changed after it is "
                     "created: create a new profile with the new selectors, then delete the old one.",
                     "eks.edited_profiles", Stage.REGISTER)


def _pod_execution_role(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    eks = dep.design.eks
    used = {p for _n, w, cluster in _workloads(eks) for p in matching_profiles(cluster, w)[:1]}
    for name in sorted(used):
        role_name = eks.cluster.fargate_profiles[name].pod_execution_role
        role = dep.design.roles.get(role_name or "")
        where = f"eks.cluster.fargate_profiles.{name}.pod_execution_role"
        if role is None:
            yield Breach(f"Fargate profile '{name}' has no pod execution role; a profile can't be created without one.", where, Stage.REGISTER)
        elif role.trust != FARGATE_POD_PRINCIPAL or not all(role_allows(role, a) for a in ECR_PULL):
            yield Breach(f"Pod execution role '{role_name}' of profile '{name}' must trust {FARGATE_POD_PRINCIPAL} and allow the "
                         "ECR pull actions; without them the Fargate kubelet can't pull the images.", where, Stage.LAUNCH)


def _pod_can(dep: Deployment, req: PodCan) -> Iterator[Breach]:
    eks = dep.design.eks
    workload = eks.workloads.get(req.workload)
    if eks.cluster is None or workload is None:
        return
    role_name, why_none = _pod_role(eks, workload)
    where = f"eks.workloads.{req.workload}.service_account"
    if role_name is None:
        yield Breach(f"The pods of '{req.workload}' get no IAM role for their own calls: {why_none}. The pod execution role "
                     "only pulls images and writes logs.", where, Stage.REQUIREMENT)
    elif not role_allows(dep.design.roles.get(role_name), req.action, req.resource):
        yield Breach(f"The pods of '{req.workload}' use role '{role_name}', which does not allow {req.action} on {req.resource}.",
                     where, Stage.REQUIREMENT)


def _pod_role(eks: Eks, workload: Workload) -> tuple[str | None, str]:
    """The role the pods' SDK uses, or None with the reason."""
    account = eks.service_accounts.get(workload.service_account or "")
    if account is None:
        return None, "their service account carries no IRSA annotation or Pod Identity association"
    on_fargate = bool(matching_profiles(eks.cluster, workload))
    if account.irsa_role:
        if eks.cluster.oidc_provider:
            return account.irsa_role, ""
        reason = "IRSA needs an IAM OIDC provider for the cluster, and there is none"
    else:
        reason = "the service account has no IRSA role"
    if account.pod_identity_role:
        if on_fargate:
            return None, f"{reason}, and EKS Pod Identity does not work for pods on Fargate"
        if not eks.cluster.pod_identity_agent:
            return None, f"{reason}, and the EKS Pod Identity agent add-on is not installed"
        return account.pod_identity_role, ""
    return None, reason


def _nodes_managed(dep: Deployment, _req: NodesManagedByEks) -> Iterator[Breach]:
    cluster = dep.design.eks.cluster
    for name, group in (cluster.node_groups.items() if cluster else ()):
        if group.kind is NodeGroupKind.SELF_MANAGED:
            yield Breach(f"Node group '{name}' is self-managed: the team launches its Auto Scaling group, updates the AMI and "
                         "drains the nodes itself.", f"eks.cluster.node_groups.{name}.kind", Stage.REQUIREMENT)


PODS_PLACED = Rule(
    id="EKS01",
    title="A pod runs on Fargate only if a profile selects it",
    description=("A pod is scheduled on Fargate when it matches any selector of any Fargate profile: same namespace and every label "
                 "of the selector. A pod that matches none goes to EC2 nodes, and stays Pending when there are none."),
    source=EKS_DOCS + "fargate-profile.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#fargate-profiles",
    requirement=PodsScheduled,
    check=_pods_placed,
)

FARGATE_POD_LIMITS = Rule(
    id="EKS02",
    title="EKS on Fargate runs no DaemonSets, privileged pods or GPUs",
    description="Pods on Fargate can't be DaemonSets (use sidecars), privileged, or request GPUs; such workloads need EC2 nodes.",
    source=EKS_DOCS + "fargate.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#fargate-profiles",
    requirement=PodsScheduled,
    check=_fargate_pod_limits,
)

GPU_NODES = Rule(
    id="EKS03",
    title="GPU pods need GPU nodes",
    description=("A pod that requests GPUs is scheduled only on nodes that advertise them: a node group of a GPU instance type "
                 "running the EKS-optimized accelerated AMI with the device plugin."),
    source=EKS_DOCS + "ml-eks-optimized-ami.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#eks-nodes",
    requirement=PodsScheduled,
    check=_gpu_nodes,
)

PROFILES_IMMUTABLE = Rule(
    id="EKS04",
    title="Fargate profiles can't be edited",
    description=("A Fargate profile's selectors, subnets and role are fixed at creation; to change them create a new profile and "
                 "then delete the old one."),
    source="https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateFargateProfile.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#fargate-profiles",
    requirement=Deploys,
    check=_profiles_immutable,
)

POD_EXECUTION_ROLE = Rule(
    id="EKS05",
    title="Fargate pods pull images with the pod execution role",
    description=("Each Fargate profile names a pod execution role that trusts eks-fargate-pods.amazonaws.com; the Fargate kubelet "
                 "uses it to pull images from ECR. It is the EKS counterpart of the ECS task execution role."),
    source=EKS_DOCS + "pod-execution-role.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#pod-roles",
    requirement=Deploys,
    check=_pod_execution_role,
)

POD_PERMISSIONS = Rule(
    id="EKS06",
    title="Pods get AWS permissions from IRSA or Pod Identity",
    description=("Application code in a pod uses the role of its service account: IRSA (an IAM OIDC provider plus an annotated "
                 "service account, on EC2 and Fargate) or EKS Pod Identity (an association plus the agent, on Linux EC2 nodes "
                 "only, never on Fargate)."),
    source=EKS_DOCS + "pod-identities.html#pod-id-restrictions",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#pod-roles",
    requirement=PodCan,
    check=_pod_can,
)

NODES_MANAGED = Rule(
    id="EKS07",
    title="Managed node groups hand node lifecycle to EKS",
    description=("With managed node groups EKS creates the Auto Scaling group, rolls AMI updates and drains nodes; self-managed "
                 "nodes leave all of that to you."),
    source=EKS_DOCS + "managed-node-groups.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#eks-nodes",
    requirement=NodesManagedByEks,
    check=_nodes_managed,
)

RULES = (PODS_PLACED, FARGATE_POD_LIMITS, GPU_NODES, PROFILES_IMMUTABLE, POD_EXECUTION_ROLE, POD_PERMISSIONS, NODES_MANAGED)
