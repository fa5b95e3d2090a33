"""Statement choices: what a choice says about the model's own findings, judged against the deployed situation.

Exam items often offer statements instead of designs ("the tasks fail when they launch because ...",
"CloudTrail shows the task role"). A statement is true when the model, deploying the situation as
given, finds the same: which identity signs a call, whether a volume mounts, the stage a design first
fails at and the rule that stops it, whether a requirement holds. `outcome: meets` is the negative
truth: "nothing needs to change".
"""

from __future__ import annotations

from dataclasses import dataclass as plain_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal, Union

from pydantic import Field
from pydantic.dataclasses import dataclass

from .findings import Finding, Stage
from .requirements import Requirement
from .steps.credentials import Identity, Source, app_identity, mount_client_identity
from .vocab._base import STRICT, key

if TYPE_CHECKING:
    from .deploy import Deployment
    from .vocab import Design


class Signer(StrEnum):
    """Who signs a call, in the words a statement uses."""

    TASK_ROLE = "task-role"
    EXECUTION_ROLE = "execution-role"
    INSTANCE_PROFILE = "instance-profile"
    STATIC_KEYS = "static-keys"
    NONE = "none"


SIGNER_OF = {Source.TASK_ROLE: Signer.TASK_ROLE, Source.EXECUTION_ROLE: Signer.EXECUTION_ROLE,
             Source.INSTANCE_PROFILE: Signer.INSTANCE_PROFILE, Source.STATIC_KEYS: Signer.STATIC_KEYS, Source.NONE: Signer.NONE}


class Actor(StrEnum):
    """Which part of a task makes the call."""

    APP = "app"  # application code in a container, through the SDK default chain
    AGENT = "agent"  # the ECS agent pulling images and shipping awslogs
    SECRETS = "secrets"  # the agent injecting `secrets` at container start
    MOUNT = "mount"  # the EFS client of a mount with IAM authorization


class Outcome(StrEnum):
    """The first stage a design fails at, or `meets` when every requirement holds."""

    REGISTER = "register"
    LAUNCH = "launch"
    RUN = "run"
    REQUIREMENT = "requirement"
    MEETS = "meets"


STAGE_OUTCOME = {Stage.REGISTER: Outcome.REGISTER, Stage.LAUNCH: Outcome.LAUNCH, Stage.RUN: Outcome.RUN,
                 Stage.REQUIREMENT: Outcome.REQUIREMENT}
STAGE_ORDER = tuple(Stage)


class Session(StrEnum):
    """The role session name CloudTrail records for temporary credentials."""

    TASK = "task"  # the task's own session: CloudTrail shows the task ARN's id with the role
    INSTANCE = "instance"  # the instance profile's session, named after the EC2 instance id
    NONE = "none"  # no role session: static keys record their IAM user, no credentials record nothing


@plain_dataclass(frozen=True)
class Judgement:
    """What the model finds for one statement: whether it holds, what it saw, and the rule behind it."""

    holds: bool
    seen: str
    findings: tuple[Finding, ...] = ()


@dataclass(config=STRICT)
class Signs:
    """Which identity signs the calls of one actor of a service's (or standalone task's) tasks."""

    fact: Literal["signs"] = key("Statement kind.", "signs")
    of: str = key("Service or standalone task name.", "reports", default="")
    actor: Actor = key("app (application code), agent (image pulls, awslogs), secrets (injection) or mount (EFS IAM).", "app",
                       default=Actor.APP)
    container: str | None = key("app: the container whose code calls (the first one when empty).", "api", default=None)
    equals: Signer = key("task-role, execution-role, instance-profile, static-keys or none.", "instance-profile", default=Signer.NONE)
    role: str | None = key("Optional: the role name the statement also names.", "ecsInstanceRole", default=None)

    def title(self) -> str:
        """The statement as a sentence."""
        named = f" '{self.role}'" if self.role else ""
        return f"The {self.actor.value} calls of '{self.of}' are signed by: {self.equals.value}{named}"

    def judge(self, situation: Deployment, _requirements: list) -> Judgement:
        """Compare with the identity the credential step resolved."""
        identity = actor_identity(situation, self.of, self.actor, self.container)
        holds = SIGNER_OF[identity.source] is self.equals and (self.role is None or self.role in identity.roles)
        return Judgement(holds, f"{identity.describe()} ({identity.why})")


@dataclass(config=STRICT)
class RecordedInCloudTrail:
    """Which role and role session AWS CloudTrail records for the calls of a task's application code."""

    fact: Literal["cloudtrail"] = key("Statement kind.", "cloudtrail")
    of: str = key("Service or standalone task name.", "reports", default="")
    container: str | None = key("Container whose code calls (the first one when empty).", "api", default=None)
    role: str | None = key("The role the event names; empty for none.", "reports-task", default=None)
    session: Session = key("task (the task's id), instance (the EC2 instance id) or none.", "task", default=Session.NONE)

    def title(self) -> str:
        """The statement as a sentence."""
        role = f"role '{self.role}'" if self.role else "no role"
        return f"CloudTrail records the calls of '{self.of}' as {role} with a {self.session.value} session"

    def judge(self, situation: Deployment, _requirements: list) -> Judgement:
        """The role behind the app identity and the session its credentials carry."""
        identity = actor_identity(situation, self.of, Actor.APP, self.container)
        session, role = cloudtrail_session(identity)
        holds = session is self.session and (self.role or None) == role
        return Judgement(holds, f"{identity.describe()}, recorded as {'role ' + repr(role) if role else 'no role'} "
                                f"with session: {session.value}")


@dataclass(config=STRICT)
class Mounts:
    """Whether a volume of a service's (or standalone task's) task definition mounts when its tasks launch."""

    fact: Literal["mounts"] = key("Statement kind.", "mounts")
    of: str = key("Service or standalone task name.", "ingest", default="")
    volume: str = key("Volume name in the task definition.", "shared-data", default="")
    equals: bool = key("true: the volume mounts; false: registration or launch fails on it.", False, default=True)

    def title(self) -> str:
        """The statement as a sentence."""
        return f"Volume '{self.volume}' of '{self.of}' {'mounts' if self.equals else 'does not mount'}"

    def judge(self, situation: Deployment, _requirements: list) -> Judgement:
        """A volume mounts when no finding at registration or launch names it."""
        blocking = volume_findings(situation, self.of, self.volume)
        seen = "it mounts" if not blocking else f"it does not mount: [{blocking[0].rule_id}] {blocking[0].message}"
        return Judgement((not blocking) == self.equals, seen, blocking)


@dataclass(config=STRICT)
class OutcomeStatement:
    """How far the situation gets against the scenario's requirements: the first stage it fails at, or meets."""

    fact: Literal["outcome"] = key("Statement kind.", "outcome")
    equals: Outcome = key("register, launch, run, requirement, or meets (nothing needs to change).", "launch", default=Outcome.MEETS)
    rule: str | None = key("Optional: the rule that stops it at that stage.", "IAM07", default=None)

    def title(self) -> str:
        """The statement as a sentence."""
        if self.equals is Outcome.MEETS:
            return "Nothing needs to change: the design already meets every requirement"
        stage = next(s for s, o in STAGE_OUTCOME.items() if o is self.equals)
        return f"The design {stage.value}" + (f" ({self.rule})" if self.rule else "")

    def judge(self, situation: Deployment, requirements: list) -> Judgement:
        """The earliest stage among the findings, and the rules found there."""
        first = first_failures(situation, requirements)
        outcome = STAGE_OUTCOME[first[0].stage] if first else Outcome.MEETS
        rules = sorted({f.rule_id for f in first})
        holds = outcome is self.equals and (self.rule is None or self.rule in rules)
        seen = "it meets every requirement" if not first else f"it {first[0].stage.value}: [{first[0].rule_id}] {first[0].message}"
        return Judgement(holds, seen, tuple(first))


@dataclass(config=STRICT)
class Holds:
    """Whether one requirement (in the scenario's own vocabulary) holds for the situation as it is."""

    fact: Literal["holds"] = key("Statement kind.", "holds")
    requirement: Requirement = key("The requirement the statement is about.", {"kind": "reachable", "service": "web", "lb": "web-alb"})
    equals: bool = key("true: it holds; false: it breaks.", False, default=True)
    rule: str | None = key("Optional (with equals false): the rule that breaks it.", "NET02", default=None)

    def title(self) -> str:
        """The statement as a sentence."""
        return f"'{self.requirement.title()}' {'holds' if self.equals else 'does not hold'}" + (f" ({self.rule})" if self.rule else "")

    def judge(self, situation: Deployment, _requirements: list) -> Judgement:
        """Run the requirement's rules on the situation (the implicit deploys rules included)."""
        from .evaluate import check_requirements  # local: evaluate imports this module

        findings = [f for v in check_requirements(situation, [self.requirement]) for f in v.findings]
        holds = (not findings) == self.equals and (self.rule is None or self.rule in {f.rule_id for f in findings})
        seen = "it holds" if not findings else f"it breaks: [{findings[0].rule_id}] {findings[0].message}"
        return Judgement(holds, seen, tuple(findings))


@dataclass(config=STRICT)
class ReachesInstanceProfile:
    """Whether code in a container can obtain the instance profile's credentials through IMDS."""

    fact: Literal["reaches_instance_profile"] = key("Statement kind.", "reaches_instance_profile")
    of: str = key("Service or standalone task name.", "reports", default="")
    container: str | None = key("Container name (the first one when empty).", "app", default=None)
    equals: bool = key("true: IMDS hands it the instance profile's credentials.", True, default=True)

    def title(self) -> str:
        """The statement as a sentence."""
        return f"Code in '{self.of}' {'can' if self.equals else 'cannot'} reach the instance profile"

    def judge(self, situation: Deployment, _requirements: list) -> Judgement:
        """Look for the instance profile among the identities the container could obtain."""
        task = situation.credentials.of(self.of) if situation.credentials else None
        found = (task.container(self.container) if self.container else task.containers[0]) if task and task.containers else None
        reaches = bool(found and any(i.source is Source.INSTANCE_PROFILE for i in found.reachable))
        why = ("no task or container by that name" if found is None else "on Fargate there is no instance profile" if task.on_fargate
               else "IMDS answers its requests" if reaches else "IMDS is blocked for its network mode, or the hosts have no profile")
        return Judgement(reaches == self.equals, f"it {'can' if reaches else 'cannot'} ({why})")


STATEMENT_TYPES: tuple[type, ...] = (Signs, RecordedInCloudTrail, Mounts, OutcomeStatement, Holds, ReachesInstanceProfile)

Statement = Annotated[Union[STATEMENT_TYPES], Field(discriminator="fact")]  # noqa: UP007


def actor_identity(situation: Deployment, owner: str, actor: Actor, container: str | None) -> Identity:
    """The identity one actor of the owner's tasks signs with."""
    if actor is Actor.APP:
        return app_identity(situation, owner, container)
    task = situation.credentials.of(owner) if situation.credentials else None
    if task is None:
        return Identity(Source.NONE, (), f"'{owner}' runs no tasks")
    if actor is Actor.AGENT:
        return task.agent
    if actor is Actor.SECRETS:
        return task.secrets
    return mount_client_identity(situation.design, task.task_definition)


def cloudtrail_session(identity: Identity) -> tuple[Session, str | None]:
    """The session and role CloudTrail records for calls signed with an identity."""
    if identity.source is Source.TASK_ROLE:
        return Session.TASK, identity.roles[0]
    if identity.source is Source.INSTANCE_PROFILE:
        return Session.INSTANCE, identity.roles[0]
    return Session.NONE, None


def first_failures(situation: Deployment, requirements: list) -> list[Finding]:
    """The findings at the earliest stage the situation fails at (empty when it meets every requirement)."""
    from .evaluate import check_requirements  # local: evaluate imports this module

    findings = [f for v in check_requirements(situation, requirements) for f in v.findings]
    if not findings:
        return []
    earliest = min(STAGE_ORDER.index(f.stage) for f in findings)
    return [f for f in findings if STAGE_ORDER.index(f.stage) == earliest]


def volume_findings(situation: Deployment, owner: str, volume: str) -> list[Finding]:
    """Findings at registration or launch that name the volume of the owner's task definition."""
    from .evaluate import check_requirements  # local: evaluate imports this module

    spec = situation.design.services.get(owner) or situation.design.tasks.get(owner)
    td_name = spec.task_definition if spec else ""
    td = situation.design.task_definitions.get(td_name)
    if td is None or volume not in td.volumes:
        return [Finding("", "", f"'{owner}' has no volume '{volume}'", "", Stage.REGISTER, "", "")]
    mentions = f"volume '{volume}'".lower()
    return [f for v in check_requirements(situation, []) for f in v.findings
            if f.stage in (Stage.REGISTER, Stage.LAUNCH) and mentions in f.message.lower()
            and (td_name in f.message or owner in f.message or f.where.startswith(f"task_definitions.{td_name}"))]


def statement_problems(statement: Statement, design: Design) -> list[tuple[str, str]]:
    """Authoring mistakes a statement can make about its subject: (field, message) pairs."""
    from .rules import RULES_BY_ID  # local: rules import the deploy machinery this module is imported by

    found = []
    owner = getattr(statement, "of", None)
    spec = design.services.get(owner or "") or design.tasks.get(owner or "")
    if owner is not None and spec is None:
        known = ", ".join(sorted([*design.services, *design.tasks])) or "none"
        found.append(("of", f"'{owner}' is not a service or standalone task of the situation (known: {known})"))
    volume = getattr(statement, "volume", None)
    td = design.task_definitions.get(spec.task_definition) if spec else None
    if volume is not None and td is not None and volume not in td.volumes:
        found.append(("volume", f"task definition '{spec.task_definition}' has no volume '{volume}' "
                                f"(volumes: {', '.join(td.volumes) or 'none'})"))
    rule = getattr(statement, "rule", None)
    if rule and rule not in RULES_BY_ID:
        found.append(("rule", f"'{rule}' is not a rule id; see the Rules table in docs/vocabulary.md"))
    return found
