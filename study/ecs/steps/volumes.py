"""Deployment step: attach volumes to tasks: what each task mounts, how long it lives and who shares it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..facts import fargate
from ..findings import Stage
from ..vocab.compute import (
    LaunchType,
    ManagedEbsVolume,
    OperatingSystem,
    TaskDefinition,
)
from ..vocab.storage import DockerScope, Volume, VolumeType

if TYPE_CHECKING:
    from ..deploy import Deployment, PlacedTask
    from ..vocab import Design

FARGATE_DEFAULT_EPHEMERAL_GIB = 20
VOLUME_LABELS = {VolumeType.BIND: "a bind mount", VolumeType.DOCKER: "a Docker volume", VolumeType.EFS: "an EFS volume",
                 VolumeType.EBS: "an EBS volume", VolumeType.S3FILES: "an S3 Files volume",
                 VolumeType.FSX_WINDOWS: "an FSx for Windows File Server volume"}
NETWORK_TYPES = (VolumeType.EFS, VolumeType.S3FILES, VolumeType.FSX_WINDOWS, VolumeType.EBS)


class Lifetime(StrEnum):
    """How long the data behind a volume lives, shortest first."""

    TASK = "ends with the task"
    INSTANCE = "stays on the container instance after the task stops, until deleted or the instance ends"
    KEPT = "is kept in the account after the task stops, but no new task reattaches it"
    PERSISTENT = "persists independently of tasks and instances"


class Sharing(StrEnum):
    """Who can see the same data."""

    TASK = "the containers of one task"
    ONE_TASK = "one task only (ECS creates one volume per task)"
    INSTANCE = "the tasks on one container instance"
    ANYWHERE = "tasks on any instance and in any Availability Zone"


@dataclass(frozen=True)
class AttachedVolume:
    """One volume of one placed task, resolved to the storage it really uses."""

    task: str
    owner: str
    task_definition: str
    volume: str
    type: VolumeType
    refers_to: str
    storage_id: str
    lifetime: Lifetime
    sharing: Sharing
    data_az: str | None
    network: bool
    directory: str = "/"
    posix_owner: tuple[int, int] | None = None
    size_gib: int | None = None
    client_identity: str | None = None
    initial_content: str = "empty"


@dataclass(frozen=True)
class VolumeAttachments:
    """Every volume of every running task."""

    volumes: tuple[AttachedVolume, ...] = ()

    def of(self, owner: str, volume: str | None = None) -> list[AttachedVolume]:
        """Attachments of one service or standalone task, optionally of one volume."""
        return [v for v in self.volumes if v.owner == owner and (volume is None or v.volume == volume)]

    def sharing_storage(self, storage_id: str) -> list[AttachedVolume]:
        """Attachments that reach the same storage."""
        return [v for v in self.volumes if v.storage_id == storage_id]


def ebs_settings(design: Design, owner: str) -> tuple[str, ManagedEbsVolume | None]:
    """('service' or 'task', the launch-time EBS settings) of a service or standalone task."""
    if owner in design.services:
        return "service", design.services[owner].ebs_volume
    spec = design.tasks.get(owner)
    return "task", spec.ebs_volume if spec else None


def attach(deployment: Deployment) -> VolumeAttachments:
    """Attach volumes to tasks: what each task mounts, how long it lives and who shares it."""
    design = deployment.design
    attached = []
    for task in deployment.tasks:
        td = design.task_definitions.get(task.task_definition)
        if td is None or task.state.value != "RUNNING":
            continue
        capacity = LaunchType.FARGATE if task.on_fargate else owner_capacity(design, task.owner)
        spec = design.services.get(task.owner) or design.tasks.get(task.owner)
        version = spec.platform_version if spec else "LATEST"
        for name, volume in td.volumes.items():
            if unsupported_reason(volume, td, capacity, version) is None:
                attached.append(_resolve(design, task, td, name, volume))
    return VolumeAttachments(tuple(attached))


def _resolve(design: Design, task: PlacedTask, td: TaskDefinition, name: str, volume: Volume) -> AttachedVolume:
    """Dispatch on the volume type."""
    base = dict(task=task.id, owner=task.owner, task_definition=task.task_definition, volume=name, type=volume.type)
    if volume.type is VolumeType.BIND:
        return _bind(design, task, td, volume, base)
    if volume.type is VolumeType.DOCKER:
        return _docker(task, volume, base)
    if volume.type is VolumeType.EBS:
        return _ebs(design, task, base)
    return _file_system(design, td, volume, base)


def _bind(design: Design, task: PlacedTask, td: TaskDefinition, volume: Volume, base: dict) -> AttachedVolume:
    if volume.source_path and not task.on_fargate:
        return AttachedVolume(**base, refers_to=f"host path {volume.source_path} on {task.instance}",
                              storage_id=f"host:{task.instance}:{volume.source_path}", lifetime=Lifetime.INSTANCE,
                              sharing=Sharing.INSTANCE, data_az=task.az, network=False)
    size = (td.ephemeral_storage_gib or FARGATE_DEFAULT_EPHEMERAL_GIB) if task.on_fargate else None
    where = "Fargate task storage" if task.on_fargate else f"a host path Docker picks on {task.instance}"
    return AttachedVolume(**base, refers_to=where, storage_id=f"task:{task.id}:{base['volume']}", lifetime=Lifetime.TASK,
                          sharing=Sharing.TASK, data_az=task.az, network=False, size_gib=size)


def _docker(task: PlacedTask, volume: Volume, base: dict) -> AttachedVolume:
    network = volume.driver != "local"
    host = task.instance
    if volume.scope is DockerScope.SHARED:
        return AttachedVolume(**base, refers_to=f"a shared Docker volume {base['volume']} ({volume.driver} driver) on {host}",
                              storage_id=f"docker:{task.instance}:{base['volume']}", lifetime=Lifetime.INSTANCE,
                              sharing=Sharing.INSTANCE, data_az=task.az, network=network)
    return AttachedVolume(**base, refers_to=f"a task-scoped Docker volume ({volume.driver} driver) on {host}",
                          storage_id=f"docker:{task.id}:{base['volume']}", lifetime=Lifetime.TASK,
                          sharing=Sharing.TASK, data_az=task.az, network=network)


def _ebs(design: Design, task: PlacedTask, base: dict) -> AttachedVolume:
    owner_kind, settings = ebs_settings(design, task.owner)
    kept = owner_kind == "task" and settings is not None and not settings.delete_on_termination
    snapshot = settings.snapshot if settings else None
    return AttachedVolume(**base, refers_to=f"an EBS volume created for task {task.id} in AZ {task.az}",
                          storage_id=f"ebs:{task.id}", lifetime=Lifetime.KEPT if kept else Lifetime.TASK,
                          sharing=Sharing.ONE_TASK, data_az=task.az, network=True,
                          size_gib=settings.size_gib if settings else None,
                          initial_content=f"snapshot {snapshot}" if snapshot else "empty")


def _file_system(design: Design, td: TaskDefinition, volume: Volume, base: dict) -> AttachedVolume:
    fs = design.file_systems.get(volume.file_system or "")
    label = {VolumeType.EFS: "EFS", VolumeType.S3FILES: "S3 Files", VolumeType.FSX_WINDOWS: "FSx for Windows"}[volume.type]
    point = fs.access_points.get(volume.access_point or "") if fs else None
    directory = point.root_directory if point else (volume.root_directory or "/")
    owner = (point.posix_uid, point.posix_gid) if point and point.posix_uid is not None and point.posix_gid is not None else None
    identity = td.task_role if volume.type is VolumeType.S3FILES or volume.iam_authorization else None
    linked = fs.linked_bucket if fs and volume.type is VolumeType.S3FILES else None
    via = f" through access point {volume.access_point}" if point else ""
    return AttachedVolume(**base, refers_to=f"{label} file system {volume.file_system}{via} at {directory}",
                          storage_id=f"{volume.type.value}:{volume.file_system}:{directory}", lifetime=Lifetime.PERSISTENT,
                          sharing=Sharing.ANYWHERE, data_az=fs.one_zone if fs else None, network=True,
                          directory=directory, posix_owner=owner, client_identity=identity,
                          initial_content=f"bucket {linked}" if linked else "the file system's data")


def unsupported_reason(volume: Volume, td: TaskDefinition, capacity: LaunchType, pv: str) -> tuple[str, Stage] | None:
    """Why this volume cannot be attached on this capacity (and the stage it fails at), or None."""
    fargate_ = capacity is LaunchType.FARGATE
    windows = td.os is OperatingSystem.WINDOWS
    if volume.type is VolumeType.DOCKER and fargate_:
        return "Docker volumes are supported only on EC2 instances, not on Fargate", Stage.REGISTER
    if volume.type is VolumeType.BIND and volume.source_path and fargate_:
        return "host.sourcePath is a path on an EC2 instance and is not supported on Fargate", Stage.REGISTER
    if volume.type is VolumeType.EFS and windows:
        return "EFS volumes are supported only for Linux tasks", Stage.REGISTER
    if volume.type is VolumeType.EFS and fargate_ and fargate.platform_version(pv, td.os) < (1, 4, 0):
        return f"EFS on Fargate needs Linux platform version 1.4.0 or later, not {pv}", Stage.LAUNCH
    if volume.type is VolumeType.S3FILES and capacity in (LaunchType.EC2, LaunchType.EXTERNAL):
        return (f"S3 Files volumes run on Fargate and ECS Managed Instances, not on the {capacity.value} launch type",
                Stage.LAUNCH)
    if volume.type is VolumeType.FSX_WINDOWS and (fargate_ or not windows):
        return "FSx for Windows File Server volumes work only for Windows tasks on EC2 instances", Stage.REGISTER
    if volume.type is VolumeType.EBS and windows and capacity is not LaunchType.EC2:
        return "EBS volumes for Windows tasks are supported only on EC2 instances", Stage.REGISTER
    return None


def owner_capacity(design: Design, owner: str) -> LaunchType:
    """The capacity a service or standalone task asks for: its launch type or what its strategy names."""
    spec = design.services.get(owner) or design.tasks.get(owner)
    if spec is None:
        return LaunchType.EC2
    if spec.launch_type is not None:
        return spec.launch_type
    strategy = spec.capacity_provider_strategy or design.cluster.default_strategy
    if strategy and all(i.provider in ("FARGATE", "FARGATE_SPOT") for i in strategy):
        return LaunchType.FARGATE
    return LaunchType.EC2
