"""Agent setting rules: on EC2, task roles reach bridge and host mode containers only when the agent is told to deliver them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ..steps.credentials import task_role_delivered
from ..vocab.compute import NetworkMode
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)
SETTING = {NetworkMode.BRIDGE: "ECS_ENABLE_TASK_IAM_ROLE", NetworkMode.HOST: "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST"}


def _task_role_reaches_containers(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for task in dep.credentials.tasks if dep.credentials else ():
        td = dep.design.task_definitions[task.task_definition]
        if td.task_role and not task_role_delivered(dep.design, task.on_fargate, task.network_mode):
            fallback = (f"falls back to {', '.join(task.instance_profiles)} through IMDS" if task.imds_reachable
                        else "finds no credentials")
            yield Breach(f"'{task.owner}' runs {task.network_mode.value}-mode tasks with task role '{td.task_role}', but the "
                         f"agent config sets {SETTING[task.network_mode]}=false, so the agent never serves the role's "
                         f"credentials to the containers and the SDK {fallback}.",
                         "cluster.auto_scaling_groups", Stage.RUN)


TASK_ROLE_SETTING = Rule(
    id="AGT01",
    title="On EC2, bridge and host mode task roles need the agent settings",
    description=("The container agent serves task role credentials to bridge and default network mode containers only with "
                 "ECS_ENABLE_TASK_IAM_ROLE=true, and to host mode containers only with ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true. "
                 "Without them the SDK in the container moves on down its chain, to the instance profile through IMDS."),
    source=DOCS + "ecs-agent-config.html",
    source_checked=CHECKED,
    taught_in="iam-roles#agent-settings",
    requirement=Deploys,
    check=_task_role_reaches_containers,
)

RULES = (TASK_ROLE_SETTING,)
