"""IAM rules: which identity each actor uses, and whether that identity may make the call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts.policies import ECR_PULL, LOGS_WRITE, role_allows
from ..findings import Breach, Stage
from ..placement import agent_network_problem
from ..requirements.base import Deploys
from ..requirements.iam import (
    AppCan,
    AppCannot,
    ImagePullSucceeds,
    InstancesRegister,
    LeastPrivilege,
    LogsDelivered,
    SecretFresh,
    SecretsInjected,
)
from ..rule import Rule
from ..steps.credentials import Identity, Source, TaskCredentials
from ..vocab.compute import LogDriver, NetworkMode, Registry, SecretSource
from ._agent_paths import PRIVATE_ECR
from ._deployment_views import DOCS, task_definitions_in_use

TASK_TRUST = "ecs-tasks.amazonaws.com"
SECRET_READ = {SecretSource.SECRETS_MANAGER: "secretsmanager:GetSecretValue", SecretSource.SSM: "ssm:GetParameters"}
IMDS_OPEN_BECAUSE = {
    NetworkMode.AWSVPC: "ECS_AWSVPC_BLOCK_IMDS is not set for these awsvpc tasks",
    NetworkMode.BRIDGE: "no iptables rule drops bridge traffic to 169.254.169.254 (ECS_AWSVPC_BLOCK_IMDS covers only awsvpc)",
    NetworkMode.HOST: "host-mode containers share the instance's network, and neither block covers them",
    NetworkMode.NONE: "",
}
RUNTIME_READS = ("secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters")


def _instances_register(dep: Deployment, req: InstancesRegister) -> Iterator[Breach]:
    reported = set()
    for instance in dep.instances:
        if instance.registered or instance.group in reported or req.group not in (None, instance.group):
            continue
        reported.add(instance.group)
        if agent_network_problem(dep.design, dep.design.cluster.auto_scaling_groups[instance.group]) == instance.not_registered_because:
            continue  # the network path is VPC07's concern
        yield Breach(f"The instances of group '{instance.group}' never join cluster '{dep.design.cluster.name}': "
                     f"{instance.not_registered_because}.", f"cluster.auto_scaling_groups.{instance.group}.instance_profile", Stage.LAUNCH)


def _roles_trust_ecs_tasks(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td, _fargate, _pv in task_definitions_in_use(dep):
        for field in ("task_role", "execution_role"):
            role = dep.design.roles.get(getattr(td, field) or "")
            if role is not None and role.trust != TASK_TRUST:
                yield Breach(f"The {field.replace('_', ' ')} '{getattr(td, field)}' of '{name}' trusts {role.trust}, not "
                             f"{TASK_TRUST}, so ECS cannot assume it and the tasks fail to start.",
                             f"roles.{getattr(td, field)}.trust", Stage.LAUNCH)


def _task_role_is_per_task(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, td in dep.design.task_definitions.items():
        for cname, container in td.containers.items():
            if container.task_role:
                yield Breach(f"Container '{cname}' of '{name}' sets its own task role '{container.task_role}': taskRoleArn "
                             "belongs to the task definition, never to a container, so the registration is rejected.",
                             f"task_definitions.{name}.containers.{cname}.task_role", Stage.REGISTER)


def _matching(dep: Deployment, container: str) -> list:
    return dep.credentials.with_container(container) if dep.credentials else []


def _why_not(dep: Deployment, task: TaskCredentials, identity: Identity, action: str, resource: str) -> str:
    """The sentence that explains a denied application call, naming the role that would have allowed it."""
    td = dep.design.task_definitions[task.task_definition]
    if identity.source is Source.STATIC_KEYS:
        return "the SDK signs with the static keys in the environment, which come before the task role, so the role's permissions are never used"
    if identity.source is Source.NONE:
        base = ("Fargate has no instance profile" if task.on_fargate
                else "IMDS is blocked for these tasks, so the instance profile is out of reach" if task.instance_profiles
                else "the hosts have no instance profile")
        text = f"it has no credentials at all: no task role, and {base}"
    else:
        text = f"it signs with {identity.describe()} ({identity.why}), which does not allow it"
    if td.execution_role and role_allows(dep.design.roles.get(td.execution_role), action, resource):
        text += f"; execution role '{td.execution_role}' allows it, but those credentials go only to the agent"
    if identity.source is Source.TASK_ROLE and any(role_allows(dep.design.roles.get(p), action, resource) for p in task.instance_profiles):
        text += "; the instance profile allows it, but credentials are never merged and the first provider wins"
    return text


def _app_can(dep: Deployment, req: AppCan) -> Iterator[Breach]:
    found = _matching(dep, req.container)
    if not found:
        yield Breach(f"No running task has a container named '{req.container}'.", "task_definitions", Stage.REQUIREMENT)
    for task, container in found:
        if not container.app.allows(dep.design, req.action, req.resource):
            yield Breach(f"Code in '{req.container}' of '{task.owner}' cannot call {req.action} on {req.resource}: "
                         f"{_why_not(dep, task, container.app, req.action, req.resource)}.",
                         f"task_definitions.{task.task_definition}.task_role", Stage.RUN)


def _reach_sentence(task: TaskCredentials, identity: Identity, container: str) -> str:
    if identity.source is Source.TASK_ROLE:
        return (f"task role '{identity.roles[0]}' of '{task.task_definition}' reaches every container of the task, "
                f"'{container}' included")
    if identity.source is Source.INSTANCE_PROFILE:
        return f"'{container}' reaches {identity.describe()} through IMDS: {IMDS_OPEN_BECAUSE[task.network_mode]}"
    return f"'{container}' holds static access keys of unknown scope"


def _app_cannot(dep: Deployment, req: AppCannot) -> Iterator[Breach]:
    for task, container in _matching(dep, req.container):
        for identity in container.reachable:
            if identity.source is Source.STATIC_KEYS or identity.allows(dep.design, req.action, req.resource):
                yield Breach(f"Code in '{req.container}' of '{task.owner}' can call {req.action} on {req.resource}: "
                             f"{_reach_sentence(task, identity, req.container)}.",
                             f"task_definitions.{task.task_definition}", Stage.REQUIREMENT)


def _least_privilege(dep: Deployment, req: LeastPrivilege) -> Iterator[Breach]:
    design = dep.design
    for group_name, group in design.cluster.auto_scaling_groups.items():
        if group.instance_profile and role_allows(design.roles.get(group.instance_profile), req.action, req.resource):
            yield Breach(f"Instance profile '{group.instance_profile}' of group '{group_name}' allows {req.action} on {req.resource}: "
                         "the agent never needs it, and every container on those hosts that reaches IMDS can use it.",
                         f"roles.{group.instance_profile}.permissions", Stage.REQUIREMENT)
    for name, td, _fargate, _pv in task_definitions_in_use(dep):
        if name not in req.needed_by and td.task_role and role_allows(design.roles.get(td.task_role), req.action, req.resource):
            yield Breach(f"Task definition '{name}' does not need {req.action}, yet its task role '{td.task_role}' allows it.",
                         f"roles.{td.task_role}.permissions", Stage.REQUIREMENT)


def _agent_denied(dep: Deployment, task: TaskCredentials, actions: tuple[str, ...], purpose: str) -> Iterator[Breach]:
    agent = task.agent
    missing = [a for a in actions if not agent.allows(dep.design, a)]
    where = f"task_definitions.{task.task_definition}.execution_role"
    if agent.source is Source.NONE:
        yield Breach(f"The agent cannot {purpose} for '{task.owner}': it has no identity to sign with ({agent.why}).", where, Stage.LAUNCH)
    elif missing:
        yield Breach(f"The agent cannot {purpose} for '{task.owner}': it signs with {agent.describe()} ({agent.why}), "
                     f"which lacks {', '.join(missing)}.", where, Stage.LAUNCH)


def _image_pull_identity(dep: Deployment, req: ImagePullSucceeds) -> Iterator[Breach]:
    task = dep.credentials.of(req.of) if dep.credentials else None
    if task is None:
        return
    registries = {c.registry for c in dep.design.task_definitions[task.task_definition].containers.values()}
    if registries & set(PRIVATE_ECR):
        yield from _agent_denied(dep, task, ECR_PULL, "pull from private ECR")
    if Registry.PRIVATE_REGISTRY in registries and not task.secrets.allows(dep.design, "secretsmanager:GetSecretValue"):
        because = ("the task definition has none" if task.secrets.source is Source.NONE
                   else f"{task.secrets.describe()} does not allow secretsmanager:GetSecretValue")
        yield Breach(f"The agent cannot read the repositoryCredentials secret for '{req.of}': private registry authentication "
                     f"uses only the execution role, and {because}.",
                     f"task_definitions.{task.task_definition}.execution_role", Stage.LAUNCH)


def _logs_identity(dep: Deployment, req: LogsDelivered) -> Iterator[Breach]:
    task = dep.credentials.of(req.of) if dep.credentials else None
    td = dep.design.task_definitions.get(task.task_definition) if task else None
    if task and td and any(c.log_driver is LogDriver.AWSLOGS for c in td.containers.values()):
        yield from _agent_denied(dep, task, LOGS_WRITE, "write awslogs to CloudWatch Logs")


def _secrets_identity(dep: Deployment, req: SecretsInjected) -> Iterator[Breach]:
    task = dep.credentials.of(req.of) if dep.credentials else None
    if task is None:
        return
    td = dep.design.task_definitions[task.task_definition]
    for cname, container in td.containers.items():
        for secret in container.secrets:
            action = SECRET_READ[secret.source]
            if task.secrets.allows(dep.design, action, secret.resource):
                continue
            because = (f"{task.secrets.why}, and the task definition has none" if task.secrets.source is Source.NONE
                       else f"{task.secrets.describe()} does not allow {action} on {secret.resource}")
            yield Breach(f"The agent cannot inject {secret.name} into '{cname}' of '{req.of}': {because}.",
                         f"task_definitions.{task.task_definition}.execution_role", Stage.LAUNCH)


def _secret_fresh(dep: Deployment, req: SecretFresh) -> Iterator[Breach]:
    for task, _c in _matching(dep, req.container):
        container = dep.design.task_definitions[task.task_definition].containers[req.container]
        if any(call.action in RUNTIME_READS and (call.resource in ("*", req.secret)) for call in container.app_calls):
            continue
        injected = [s.name for s in container.secrets if s.resource == req.secret]
        how = (f"it is injected into {', '.join(injected)} once, when the container starts" if injected
               else "the container never reads it at run time" + (
                   f"; plain variables ({', '.join(container.environment)}) change only with a new revision" if container.environment else ""))
        yield Breach(f"'{req.container}' of '{task.owner}' does not see a rotated {req.secret}: {how}, so a new value "
                     "arrives only when new tasks start.", f"task_definitions.{task.task_definition}.containers.{req.container}",
                     Stage.REQUIREMENT)


INSTANCE_PROFILE = Rule(
    id="IAM01",
    title="Instances register with the instance profile's role",
    description=("The container agent on an EC2 instance registers and polls with the container instance role, delivered through "
                 "the instance profile; the role trusts ec2.amazonaws.com and carries AmazonEC2ContainerServiceforEC2Role."),
    source=DOCS + "instance_IAM_role.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#instance-profile",
    requirement=InstancesRegister,
    check=_instances_register,
)

ROLE_TRUST = Rule(
    id="IAM02",
    title="Task and execution roles trust ecs-tasks.amazonaws.com",
    description=("ECS assumes the task role and the task execution role on behalf of the task, so both must trust the service "
                 "principal ecs-tasks.amazonaws.com; a role that trusts only ec2.amazonaws.com cannot be used by a task."),
    source=DOCS + "task-iam-roles.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#three-roles",
    requirement=Deploys,
    check=_roles_trust_ecs_tasks,
)

TASK_ROLE_PER_TASK = Rule(
    id="IAM03",
    title="A task role is set per task definition",
    description="taskRoleArn is a task definition parameter (or a RunTask override); container definitions have no role of their own.",
    source=DOCS + "task_definition_parameters.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#task-role",
    requirement=Deploys,
    check=_task_role_is_per_task,
)

CREDENTIAL_CHAIN = Rule(
    id="IAM04",
    title="Application code signs with the first provider that answers",
    description=("The SDK default chain tries static keys in the environment, then the container provider (task role), then on EC2 "
                 "the instance profile through IMDS. The first that answers wins; permissions are never merged, and the execution "
                 "role never reaches application code."),
    source="https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#credential-chain",
    requirement=AppCan,
    check=_app_can,
)

CONTAINER_REACH = Rule(
    id="IAM05",
    title="Every container can use the credentials its task can reach",
    description=("The task role's credentials are delivered to every container of the task, so the finest unit of separation is the "
                 "task definition; on EC2, containers also reach the instance profile through IMDS unless it is blocked."),
    source=DOCS + "task-iam-roles.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#task-role",
    requirement=AppCannot,
    check=_app_cannot,
)

LEAST_PRIVILEGE = Rule(
    id="IAM06",
    title="Put per-task permissions on task roles, not on the instance profile",
    description=("A permission on the instance profile is available to every task on the host that reaches IMDS; least privilege "
                 "puts it on the task role of the task definitions that need it, and nowhere else."),
    source=DOCS + "security-iam-roles.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#imds-least-privilege",
    requirement=LeastPrivilege,
    check=_least_privilege,
)

PULL_IDENTITY = Rule(
    id="IAM07",
    title="The agent pulls with the execution role, or on EC2 the instance profile",
    description=("Private ECR pulls are signed with the task execution role when one is set; on EC2 without one the instance profile "
                 "signs; Fargate has no instance profile. Private registry credentials are read only with the execution role."),
    source=DOCS + "task_execution_IAM_role.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#execution-role",
    requirement=ImagePullSucceeds,
    check=_image_pull_identity,
)

LOGS_IDENTITY = Rule(
    id="IAM08",
    title="awslogs writes with the execution role, or on EC2 the instance profile",
    description=("The awslogs driver needs logs:CreateLogStream and logs:PutLogEvents on the identity the agent uses: the execution "
                 "role when set (the only option on Fargate), else on EC2 the instance profile."),
    source=DOCS + "task_execution_IAM_role.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#execution-role",
    requirement=LogsDelivered,
    check=_logs_identity,
)

SECRETS_IDENTITY = Rule(
    id="IAM09",
    title="Injected secrets need the execution role, on EC2 too",
    description=("Secrets in a container's secrets field are read by the agent with the task execution role only; the instance "
                 "profile is never used for them, and the execution role needs GetSecretValue or GetParameters on each one."),
    source=DOCS + "secrets-envvar-secrets-manager.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#secrets",
    requirement=SecretsInjected,
    check=_secrets_identity,
)

SECRET_FRESH = Rule(
    id="IAM10",
    title="Injected secrets are read once, at container start",
    description=("A secret injected through the secrets field is resolved when the container starts, so a rotated value needs new "
                 "tasks; code that calls GetSecretValue at run time (with the task role) sees every rotation."),
    source=DOCS + "secrets-app-secrets-manager.html",
    source_checked=date(2026, 11, 27),
    taught_in="iam-roles#secrets",
    requirement=SecretFresh,
    check=_secret_fresh,
)

RULES = (INSTANCE_PROFILE, ROLE_TRUST, TASK_ROLE_PER_TASK, CREDENTIAL_CHAIN, CONTAINER_REACH, LEAST_PRIVILEGE,
         PULL_IDENTITY, LOGS_IDENTITY, SECRETS_IDENTITY, SECRET_FRESH)
