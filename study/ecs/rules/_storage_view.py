"""Views of a deployment that the storage rules share: who runs which task definition on what capacity."""

from __future__ import annotations

from collections.abc import Iterator

from ..deploy import Deployment
from ..steps.volumes import owner_capacity
from ..vocab.compute import LaunchType, MountPoint, TaskDefinition
from ..vocab.storage import FileSystemType, Volume, VolumeType

FS_TYPE = {VolumeType.EFS: FileSystemType.EFS, VolumeType.S3FILES: FileSystemType.S3FILES,
           VolumeType.FSX_WINDOWS: FileSystemType.FSX_WINDOWS}


def owners(dep: Deployment) -> tuple[tuple[str, str, TaskDefinition, LaunchType, str], ...]:
    """(owner, task definition name, task definition, capacity, platform version) for services and standalone tasks."""
    return dep.view("storage_owners", _owners)


def _owners(dep: Deployment) -> tuple[tuple[str, str, TaskDefinition, LaunchType, str], ...]:
    """Computed once per deployment: every storage rule walks it."""
    design = dep.design
    return tuple((name, spec.task_definition, design.task_definitions[spec.task_definition],
                  owner_capacity(design, name), spec.platform_version)
                 for name, spec in (*design.services.items(), *design.tasks.items())
                 if spec.task_definition in design.task_definitions)


def volumes_in_use(dep: Deployment) -> Iterator[tuple[str, str, TaskDefinition, LaunchType, str, str, Volume]]:
    """Every volume of every task definition a service or standalone task uses, with its owner."""
    for owner, td_name, td, capacity, pv in owners(dep):
        for vname, volume in td.volumes.items():
            yield owner, td_name, td, capacity, pv, vname, volume


def mount_at(td: TaskDefinition, path: str) -> tuple[str, MountPoint] | None:
    """(container, mount point) that mounts something at this container path."""
    for cname, container in td.containers.items():
        for mount in container.mount_points:
            if mount.path.rstrip("/") == path.rstrip("/"):
                return cname, mount
    return None


def task_definition_of(dep: Deployment, owner: str) -> tuple[str, TaskDefinition] | None:
    """(name, task definition) of a service or standalone task."""
    spec = dep.design.services.get(owner) or dep.design.tasks.get(owner)
    if spec is None or spec.task_definition not in dep.design.task_definitions:
        return None
    return spec.task_definition, dep.design.task_definitions[spec.task_definition]
