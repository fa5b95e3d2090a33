"""Sharing rules: containers of one task see one directory through one volume, and need no network storage for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.storage_choices import ShareWithinTask
from ..rule import Rule
from ..vocab.storage import VolumeType
from ._deployment_views import DOCS

CHECKED = date(2026, 12, 6)
LOCAL = (VolumeType.BIND, VolumeType.DOCKER)


def _mounted(td, container: str) -> set[str]:
    spec = td.containers.get(container)
    return {m.volume for m in spec.mount_points} if spec else set()


def _common_volumes(dep: Deployment, req: ShareWithinTask) -> set[str]:
    td = dep.design.task_definitions.get(req.task_definition)
    if td is None or not req.containers:
        return set()
    common = set.intersection(*(_mounted(td, c) for c in req.containers))
    return {v for v in common if v in td.volumes}


def _one_volume(dep: Deployment, req: ShareWithinTask) -> Iterator[Breach]:
    if req.task_definition in dep.design.task_definitions and not _common_volumes(dep, req):
        yield Breach(f"Containers {', '.join(req.containers)} of '{req.task_definition}' mount no volume in common, so each "
                     "writes to its own filesystem; both need a mount point for the same volume.",
                     f"task_definitions.{req.task_definition}.containers", Stage.REQUIREMENT)


def _no_network_storage(dep: Deployment, req: ShareWithinTask) -> Iterator[Breach]:
    td = dep.design.task_definitions.get(req.task_definition)
    common = _common_volumes(dep, req)
    if td is None or not common or any(td.volumes[v].type in LOCAL for v in common):
        return
    name = sorted(common)[0]
    yield Breach(f"'{req.task_definition}' shares volume '{name}' ({td.volumes[name].type.value}) between its own containers: "
                 "that works, but a bind mount in the task does the same with no file system, mount targets or "
                 "network path to run.", f"task_definitions.{req.task_definition}.volumes.{name}", Stage.REQUIREMENT)


ONE_VOLUME = Rule(
    id="SHR01",
    title="Containers share files through a volume both mount",
    description=("Each container has its own filesystem. To see the same files, containers of a task each add a mount point for "
                 "the same task volume (a bind mount, on Fargate backed by the task's ephemeral storage)."),
    source=DOCS + "bind-mounts.html",
    source_checked=CHECKED,
    taught_in="volumes#share-in-task",
    requirement=ShareWithinTask,
    check=_one_volume,
)

NO_NETWORK_STORAGE = Rule(
    id="SHR02",
    title="Sharing inside one task needs only a bind mount",
    description=("A bind mount lives as long as the task and every container of that task can mount it, on EC2 and on Fargate. "
                 "EFS is for data shared between tasks or kept after them; for one task it only adds cost and moving parts."),
    source=DOCS + "bind-mounts.html",
    source_checked=CHECKED,
    taught_in="volumes#share-in-task",
    requirement=ShareWithinTask,
    check=_no_network_storage,
)

RULES = (ONE_VOLUME, NO_NETWORK_STORAGE)
