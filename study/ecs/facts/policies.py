"""AWS managed policies the model knows, and how a role's permissions match a request.

Sources: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-awsmanpol.html
(AmazonECSTaskExecutionRolePolicy, AmazonEC2ContainerServiceforEC2Role, AmazonECSServiceRolePolicy) and
https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html, checked 2026-11-27;
the EKS node policies from https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html, checked 2026-12-06.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ..vocab.iam import Role

ECR_PULL = (
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
)
LOGS_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")

MANAGED_POLICIES: dict[str, tuple[str, ...]] = {
    "AmazonECSTaskExecutionRolePolicy": (*ECR_PULL, *LOGS_WRITE),
    "AmazonEC2ContainerServiceforEC2Role": (
        "ecs:CreateCluster",
        "ecs:DeregisterContainerInstance",
        "ecs:DiscoverPollEndpoint",
        "ecs:Poll",
        "ecs:RegisterContainerInstance",
        "ecs:StartTelemetrySession",
        "ecs:UpdateContainerInstancesState",
        "ecs:Submit*",
        "ecs:TagResource",
        "ec2:DescribeTags",
        *ECR_PULL,
        *LOGS_WRITE,
    ),
    "AmazonECSServiceRolePolicy": (
        "ec2:AttachNetworkInterface",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DetachNetworkInterface",
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        "servicediscovery:RegisterInstance",
        "servicediscovery:DeregisterInstance",
    ),
    "AmazonEC2ContainerRegistryReadOnly": (*ECR_PULL, "ecr:Describe*", "ecr:List*", "ecr:GetRepositoryPolicy"),
    "CloudWatchLogsFullAccess": ("logs:*",),
    "AmazonS3ReadOnlyAccess": ("s3:Get*", "s3:List*"),
    "AmazonS3FullAccess": ("s3:*",),
    "AmazonDynamoDBFullAccess": ("dynamodb:*",),
    "SecretsManagerReadWrite": ("secretsmanager:*",),
    "AmazonSSMReadOnlyAccess": ("ssm:Describe*", "ssm:Get*", "ssm:List*"),
    "AmazonEKS_CNI_Policy": ("ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface"),
    "AmazonEKSFargatePodExecutionRolePolicy": ECR_PULL,
    "AmazonEKSWorkerNodePolicy": ("ec2:DescribeInstances", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
                                  "ec2:DescribeSubnets", "ec2:DescribeVolumes", "ec2:DescribeVolumesModifications",
                                  "ec2:DescribeVpcs", "eks:DescribeCluster", "eks-auth:AssumeRoleForPodIdentity"),
    "AmazonEC2ContainerRegistryPullOnly": ("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                                           "ecr:BatchImportUpstreamImage"),
    "AmazonElasticFileSystemClientReadWriteAccess": ("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
}


def _matches(pattern: str, value: str) -> bool:
    """IAM-style match: * and ? are wildcards, action names ignore case."""
    return fnmatchcase(value.lower(), pattern.lower())


def _covers(pattern_action: str, pattern_resource: str, action: str, resource: str) -> bool:
    return _matches(pattern_action, action) and (pattern_resource == "*" or resource == "*" or _matches(pattern_resource, resource))


def role_denies(role: Role | None, action: str, resource: str = "*") -> bool:
    """True when an inline Deny of the role covers the action on the resource (it overrides every Allow)."""
    return role is not None and any(p.effect == "Deny" and _covers(p.action, p.resource, action, resource) for p in role.permissions)


def role_allows(role: Role | None, action: str, resource: str = "*") -> bool:
    """True when the role's managed or inline permissions allow the action on the resource and no Deny of it refuses it."""
    if role is None or role_denies(role, action, resource):
        return False
    for policy in role.managed_policies:
        if any(_matches(granted, action) for granted in MANAGED_POLICIES.get(policy, ())):
            return True
    return any(p.effect == "Allow" and _covers(p.action, p.resource, action, resource) for p in role.permissions)


def statement_applies(statement, principal: str, account: str, action: str, resource: str = "*") -> bool:
    """Whether a resource policy statement names the principal (role name, its account, or *) and covers the call."""
    named = any(p in ("*", principal, account) for p in statement.principals)
    return named and any(_covers(a, statement.resource, action, resource) for a in statement.actions)


def resource_policy_decision(statements, principal: str, account: str, action: str, resource: str = "*") -> str:
    """'deny' when a Deny applies, 'allow' when an Allow does, else 'none' (the policy says nothing)."""
    applying = [s for s in statements if statement_applies(s, principal, account, action, resource)]
    if any(s.effect == "Deny" for s in applying):
        return "deny"
    return "allow" if applying else "none"
