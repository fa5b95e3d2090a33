"""EKS role rules: the node role every node needs, and permissions kept per pod rather than per node."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.policies import role_allows
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.eks_roles import PodLeastPrivilege
from ..rule import Rule
from .eks import _pod_role as pod_role  # the one place that resolves IRSA and Pod Identity

CHECKED = date(2026, 12, 6)
EKS_DOCS = "https://docs.aws.amazon.com/eks/latest/userguide/"
NODE_NEEDS = ("ec2:DescribeInstances", "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")


def _node_role_valid(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    cluster = dep.design.eks.cluster
    for name, group in (cluster.node_groups.items() if cluster else ()):
        if group.node_role is None:
            continue
        role = dep.design.roles.get(group.node_role)
        where = f"eks.cluster.node_groups.{name}.node_role"
        if role is None or role.trust != "ec2.amazonaws.com":
            trust = "does not exist" if role is None else f"trusts {role.trust}"
            yield Breach(f"Node role '{group.node_role}' of node group '{name}' {trust}; nodes take it through their instance "
                         "profile, so it must trust ec2.amazonaws.com.", where, Stage.LAUNCH)
        elif not all(role_allows(role, action) for action in NODE_NEEDS):
            yield Breach(f"Node role '{group.node_role}' of node group '{name}' lacks what the kubelet needs (AmazonEKSWorkerNodePolicy "
                         "and ECR pull access such as AmazonEC2ContainerRegistryPullOnly), so the nodes cannot join and run pods.",
                         where, Stage.LAUNCH)


def _not_on_nodes(dep: Deployment, req: PodLeastPrivilege) -> Iterator[Breach]:
    cluster = dep.design.eks.cluster
    for name, group in (cluster.node_groups.items() if cluster else ()):
        if group.node_role and group.size and role_allows(dep.design.roles.get(group.node_role), req.action, req.resource):
            yield Breach(f"Node role '{group.node_role}' of node group '{name}' allows {req.action}: every pod on those nodes can "
                         "obtain the node's credentials through IMDS, not only the pods that need it.",
                         f"roles.{group.node_role}.permissions", Stage.REQUIREMENT)


def _only_needing_pods(dep: Deployment, req: PodLeastPrivilege) -> Iterator[Breach]:
    eks = dep.design.eks
    if eks.cluster is None:
        return
    for name, workload in eks.workloads.items():
        role_name, _why = pod_role(eks, workload)
        if name not in req.needed_by and role_name and role_allows(dep.design.roles.get(role_name), req.action, req.resource):
            yield Breach(f"The pods of '{name}' use role '{role_name}' (through service account '{workload.service_account}'), which "
                         f"allows {req.action}, though only {', '.join(req.needed_by)} need it; give each workload its own "
                         "service account and role.", f"eks.workloads.{name}.service_account", Stage.REQUIREMENT)


NODE_ROLE_VALID = Rule(
    id="EKR01",
    title="EKS nodes need a node role that trusts EC2, with the worker node and ECR pull policies",
    description=("The kubelet on EC2 nodes calls AWS with the node IAM role from the instance profile: it needs "
                 "AmazonEKSWorkerNodePolicy and ECR pull permissions (AmazonEC2ContainerRegistryPullOnly), for managed and "
                 "self-managed nodes alike."),
    source=EKS_DOCS + "create-node-role.html",
    source_checked=CHECKED,
    taught_in="ecr-eks#node-role",
    requirement=Deploys,
    check=_node_role_valid,
)

NOT_ON_NODES = Rule(
    id="EKR02",
    title="A permission on the node role reaches every pod on the node",
    description=("Pods on EC2 nodes can reach the node's instance metadata and so its role; per-pod permissions belong on IRSA or "
                 "EKS Pod Identity roles, and the node role keeps only what the kubelet needs."),
    source=EKS_DOCS + "service-accounts.html",
    source_checked=CHECKED,
    taught_in="ecr-eks#node-role",
    requirement=PodLeastPrivilege,
    check=_not_on_nodes,
)

ONLY_NEEDING_PODS = Rule(
    id="EKR03",
    title="A service account's role reaches every pod that uses the service account",
    description=("IRSA and Pod Identity bind a role to a service account; every workload that runs as that service account gets "
                 "the role, so workloads with different needs get their own service accounts."),
    source=EKS_DOCS + "pod-identities.html",
    source_checked=CHECKED,
    taught_in="ecr-eks#pod-roles",
    requirement=PodLeastPrivilege,
    check=_only_needing_pods,
)

RULES = (NODE_ROLE_VALID, NOT_ON_NODES, ONLY_NEEDING_PODS)
