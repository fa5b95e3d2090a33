"""Audit rules: the identity CloudTrail records for a task's calls, and whether it points at the task."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.audit import CallsTraceableToTask
from ..rule import Rule
from ..steps.credentials import Source, app_identity
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)
RECORDED = {
    Source.INSTANCE_PROFILE: "the instance profile's role, with a session named after the EC2 instance, shared by every task there",
    Source.STATIC_KEYS: "the IAM user that owns the static keys, the same for every task",
    Source.EXECUTION_ROLE: "the execution role, which the agent uses, not the application",
    Source.NONE: "nothing, because the calls have no credentials and fail",
}


def _traceable(dep: Deployment, req: CallsTraceableToTask) -> Iterator[Breach]:
    identity = app_identity(dep, req.service, req.container)
    task = dep.credentials.of(req.service) if dep.credentials else None
    where = f"task_definitions.{task.task_definition}.task_role" if task else "task_definitions"
    if identity.source is not Source.TASK_ROLE:
        yield Breach(f"The calls of '{req.service}' are signed with {identity.describe()} ({identity.why}); CloudTrail records "
                     f"{RECORDED[identity.source]}. Task role credentials carry the task in their session, so each call names its task.",
                     where, Stage.REQUIREMENT)


TRACEABLE = Rule(
    id="AUD01",
    title="Only task role credentials let CloudTrail name the task",
    description=("Task role credentials are issued per task with the task's ARN attached to the session, so CloudTrail shows "
                 "which task used which role. Calls signed through the instance profile name the instance, and static keys an "
                 "IAM user."),
    source=DOCS + "task-iam-roles.html",
    source_checked=CHECKED,
    taught_in="iam-roles#cloudtrail",
    requirement=CallsTraceableToTask,
    check=_traceable,
)

RULES = (TRACEABLE,)
