"""Storage rules for what a scenario asks of its data: lifetime, sharing, isolation, locality, size and freshness."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.storage import (
    DataPersists,
    FilesFromBucket,
    Isolation,
    MountIdentity,
    NoNetworkStorage,
    PerInstanceCache,
    PersistBeyond,
    SharedStorage,
    StorageSize,
)
from ..rule import Rule
from ..steps.volumes import (
    FARGATE_DEFAULT_EPHEMERAL_GIB,
    NETWORK_TYPES,
    VOLUME_LABELS,
    AttachedVolume,
    Lifetime,
    Sharing,
    owner_capacity,
)
from ..vocab.compute import LaunchType
from ..vocab.storage import VolumeType
from ._deployment_views import DOCS
from ._storage_view import mount_at, task_definition_of

FILE_SYSTEM_TYPES = (VolumeType.EFS, VolumeType.S3FILES, VolumeType.FSX_WINDOWS)
SURVIVES = {
    PersistBeyond.TASK_STOP: (Lifetime.INSTANCE, Lifetime.KEPT, Lifetime.PERSISTENT),
    PersistBeyond.TASK_REPLACEMENT: (Lifetime.PERSISTENT,),
    PersistBeyond.INSTANCE_TERMINATION: (Lifetime.KEPT, Lifetime.PERSISTENT),
    PersistBeyond.AZ_OUTAGE: (Lifetime.PERSISTENT,),
}


def _mounted(dep: Deployment, owner: str, path: str) -> tuple[str | None, list[AttachedVolume]]:
    """(volume name mounted at path, its attachments on the owner's running tasks); (None, []) when nothing is mounted."""
    found = task_definition_of(dep, owner)
    if found is None:
        return None, []
    mount = mount_at(found[1], path)
    if mount is None:
        return None, []
    return mount[1].volume, dep.volumes.of(owner, mount[1].volume) if dep.volumes else []


def _not_running(dep: Deployment, owner: str) -> Breach | None:
    """A breach when the owner has no running task, so its volumes hold nothing at all."""
    tasks = dep.tasks_of(owner)
    if any(t.state.value == "RUNNING" for t in tasks):
        return None
    why = f": {tasks[0].reason}" if tasks and tasks[0].reason else ""
    return Breach(f"No task of '{owner}' runs{why}, so none of its volumes holds any data.", owner, Stage.LAUNCH)


def _running_mount(dep: Deployment, owner: str, path: str) -> tuple[str | None, list[AttachedVolume], Breach | None]:
    """The volume at path and its attachments, or the breach that says why there is none to judge."""
    stopped = _not_running(dep, owner)
    if stopped:
        return None, [], stopped
    volume, attached = _mounted(dep, owner, path)
    return volume, attached, (_nothing_at(owner, path) if volume is None else None)


def _nothing_at(owner: str, path: str, stage: Stage = Stage.REQUIREMENT) -> Breach:
    return Breach(f"No volume of '{owner}' is mounted at {path}, so the data there lives in the container's writable "
                  "layer and ends with the container.", owner, stage)


def _data_persists(dep: Deployment, req: DataPersists) -> Iterator[Breach]:
    volume, attached, missing = _running_mount(dep, req.of, req.path)
    if missing:
        yield missing
        return
    for att in {a.lifetime: a for a in attached}.values():
        survives = att.lifetime in SURVIVES[req.beyond]
        if survives and req.beyond is PersistBeyond.AZ_OUTAGE and att.data_az:
            yield Breach(f"Volume '{volume}' of '{req.of}' is {att.refers_to}, whose data is kept in one Availability Zone "
                         f"({att.data_az}); losing that AZ loses the data.", att.volume)
        elif not survives:
            yield Breach(f"Volume '{volume}' of '{req.of}' is {att.refers_to}; its data {att.lifetime.value}"
                         f"{_why_not(att, req.beyond)}.", att.volume)


def _why_not(att: AttachedVolume, beyond: PersistBeyond) -> str:
    if att.lifetime is Lifetime.INSTANCE and beyond is PersistBeyond.TASK_REPLACEMENT:
        return ", and a replacement task that ECS places on another instance does not see it"
    if att.type is VolumeType.EBS:
        source = f" from {att.initial_content}" if att.initial_content != "empty" else ""
        return f", and a new task always gets a new volume{source}"
    return ""


def _storage_key(att: AttachedVolume, same_directory: bool) -> str:
    if same_directory or att.sharing is not Sharing.ANYWHERE:
        return att.storage_id
    return att.storage_id.rsplit(":", 1)[0]


def _shared_storage(dep: Deployment, req: SharedStorage) -> Iterator[Breach]:
    stopped = [b for b in (_not_running(dep, owner) for owner in req.services) if b]
    if stopped:
        yield from stopped
        return
    seen: dict[str, list[AttachedVolume]] = {}
    for owner in req.services:
        volume, attached = _mounted(dep, owner, req.path)
        if volume is None:
            yield _nothing_at(owner, req.path)
        for att in attached:
            seen.setdefault(_storage_key(att, req.same_directory), []).append(att)
    if len(seen) <= 1:
        return
    first = next(iter(seen.values()))[0]
    if first.sharing in (Sharing.TASK, Sharing.ONE_TASK, Sharing.INSTANCE):
        tasks = sum(map(len, seen.values()))
        yield Breach(f"At {req.path} each task mounts {first.refers_to}, which is seen by {first.sharing.value}, so the {tasks} "
                     f"tasks see {len(seen)} separate copies of {req.path}.", first.volume)
    else:
        names = sorted({a.refers_to for group in seen.values() for a in group})
        yield Breach(f"The tasks mount different storage at {req.path}: {'; '.join(names)}.", first.volume)


def _per_instance_cache(dep: Deployment, req: PerInstanceCache) -> Iterator[Breach]:
    volume, attached, missing = _running_mount(dep, req.of, req.path)
    if missing:
        yield missing
        return
    for att in {a.lifetime: a for a in attached}.values():
        if att.lifetime in (Lifetime.TASK, Lifetime.KEPT) or att.sharing in (Sharing.TASK, Sharing.ONE_TASK):
            yield Breach(f"Volume '{volume}' of '{req.of}' is {att.refers_to}: it is seen by {att.sharing.value} and its data "
                         f"{att.lifetime.value}, so the next task on the instance starts with an empty cache.", att.volume)


def _isolation(dep: Deployment, req: Isolation) -> Iterator[Breach]:
    stopped = _not_running(dep, req.of)
    if stopped:
        yield stopped
        return
    shared = [a for a in (dep.volumes.of(req.of) if dep.volumes else []) if a.type in (VolumeType.EFS, VolumeType.S3FILES)]
    for att in {a.volume: a for a in shared}.values():
        if att.directory.rstrip("/") != req.directory.rstrip("/"):
            yield Breach(f"Volume '{att.volume}' of '{req.of}' mounts {att.directory} of the file system, not only "
                         f"{req.directory}.", att.volume)
        elif att.posix_owner != (req.uid, req.gid):
            how = ("no access point enforces a POSIX user, so files are owned by whatever user the container runs as"
                   if att.posix_owner is None else f"its access point enforces uid/gid {att.posix_owner[0]}/{att.posix_owner[1]}")
            yield Breach(f"Volume '{att.volume}' of '{req.of}' reaches {att.directory}, but {how}.", att.volume)


def _no_network_storage(dep: Deployment, req: NoNetworkStorage) -> Iterator[Breach]:
    found = task_definition_of(dep, req.of)
    for name, volume in (found[1].volumes.items() if found else ()):
        if volume.type in NETWORK_TYPES:
            yield Breach(f"Volume '{name}' of '{req.of}' is {VOLUME_LABELS[volume.type]}, which is network storage.", name)
        elif volume.type is VolumeType.DOCKER and volume.driver != "local":
            yield Breach(f"Volume '{name}' of '{req.of}' uses the '{volume.driver}' Docker volume driver, which keeps the data "
                         "on external storage.", name)


def _storage_size(dep: Deployment, req: StorageSize) -> Iterator[Breach]:
    stopped = _not_running(dep, req.of)
    if stopped:
        yield stopped
        return
    volume, attached = _mounted(dep, req.of, req.path)
    found = task_definition_of(dep, req.of)
    task_storage_need = req.at_least_gib + req.image_gib
    image = (f" ({req.at_least_gib} GiB of data plus the {req.image_gib} GiB image, which is stored there too)"
             if req.image_gib else "")
    if volume is None and found and owner_capacity(dep.design, req.of) is LaunchType.FARGATE:
        size = found[1].ephemeral_storage_gib or FARGATE_DEFAULT_EPHEMERAL_GIB
        if size < task_storage_need:
            yield Breach(f"'{req.of}' writes {req.path} to its Fargate task storage, which is {size} GiB, less than "
                         f"{task_storage_need} GiB{image}.", req.of)
        return
    for att in {a.volume: a for a in attached}.values():
        on_task_storage = att.type is VolumeType.BIND and att.size_gib is not None
        need = task_storage_need if on_task_storage else req.at_least_gib
        if att.size_gib is not None and att.size_gib < need:
            yield Breach(f"Volume '{att.volume}' of '{req.of}' is {att.refers_to} with {att.size_gib} GiB, less than "
                         f"{need} GiB{image if on_task_storage else ''}.", att.volume)


def _files_from_bucket(dep: Deployment, req: FilesFromBucket) -> Iterator[Breach]:
    found = task_definition_of(dep, req.of)
    mount = mount_at(found[1], req.path) if found else None
    if mount is None:
        yield Breach(f"Nothing is mounted at {req.path} in '{req.of}', so the directory holds only what the image has; "
                     f"edits to bucket '{req.bucket}' never reach it.", req.of)
        return
    volume = found[1].volumes.get(mount[1].volume)
    named_bucket = volume is not None and (
        (volume.type in FILE_SYSTEM_TYPES and volume.file_system in dep.design.buckets)
        or (volume.type is VolumeType.BIND and (volume.source_path or "").lower().startswith("s3://")))
    if volume is None or named_bucket:
        return  # VOL10 or VOL02 already explain why this volume cannot be mounted
    fs = dep.design.file_systems.get(volume.file_system or "")
    if volume.type is not VolumeType.S3FILES or fs is None:
        yield Breach(f"Volume '{mount[1].volume}' at {req.path} is {VOLUME_LABELS[volume.type]}; nothing keeps it in sync with "
                     f"bucket '{req.bucket}', so edits made through the S3 API never appear there.", mount[1].volume)
    elif fs.linked_bucket != req.bucket:
        yield Breach(f"S3 Files file system '{volume.file_system}' is linked to bucket '{fs.linked_bucket}', not "
                     f"'{req.bucket}'.", f"file_systems.{volume.file_system}.linked_bucket")


def _mount_identity(dep: Deployment, req: MountIdentity) -> Iterator[Breach]:
    stopped = _not_running(dep, req.of)
    if stopped:
        yield stopped
        return
    shared = [a for a in (dep.volumes.of(req.of) if dep.volumes else []) if a.type in (VolumeType.EFS, VolumeType.S3FILES)]
    for att in {a.volume: a for a in shared}.values():
        if att.client_identity is None:
            yield Breach(f"Volume '{att.volume}' of '{req.of}' mounts without IAM authorization, so the file system sees no "
                         f"IAM identity at all and a policy that grants '{req.role}' never applies.", att.volume)
        elif att.client_identity != req.role:
            yield Breach(f"Volume '{att.volume}' of '{req.of}' mounts as the task role '{att.client_identity}', not "
                         f"'{req.role}'.", att.volume)


DATA_PERSISTS = Rule(
    id="VOL11",
    title="How long data lives depends on the volume type",
    description=("Bind mounts without a sourcePath, task-scoped Docker volumes and Fargate task storage end with the task; a sourcePath "
                 "or a shared Docker volume stays on one instance; service-managed EBS volumes are deleted with the task; EFS and "
                 "S3 Files persist (EFS One Zone keeps the data in one AZ)."),
    source=DOCS + "using_data_volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#lifetimes",
    requirement=DataPersists,
    check=_data_persists,
)

SHARED_STORAGE = Rule(
    id="VOL12",
    title="Only a network file system is shared across instances and AZs",
    description=("Tasks on different instances or in different AZs see the same files only through EFS, S3 Files or FSx; bind mounts "
                 "and Docker volumes stay on one instance, and ECS gives every task its own EBS volume."),
    source=DOCS + "efs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs",
    requirement=SharedStorage,
    check=_shared_storage,
)

PER_INSTANCE_CACHE = Rule(
    id="VOL13",
    title="A per-instance cache needs host storage that outlives the task",
    description=("On EC2, a bind mount with host.sourcePath or a shared-scope Docker volume stays on the instance after the task stops "
                 "and every task there can mount it; a bind mount without sourcePath or a task-scoped Docker volume does not."),
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DockerVolumeConfiguration.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#docker-volumes",
    requirement=PerInstanceCache,
    check=_per_instance_cache,
)

ISOLATION = Rule(
    id="VOL14",
    title="Access points confine a client and enforce its owner",
    description=("An EFS access point exposes only its root directory and applies its POSIX user and group to every request; a plain "
                 "rootDirectory picks a subtree but enforces no owner, and IAM authorization alone enforces neither."),
    source="https://docs.aws.amazon.com/efs/latest/ug/efs-access-points.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs-access",
    requirement=Isolation,
    check=_isolation,
)

NO_NETWORK_STORAGE = Rule(
    id="VOL15",
    title="EFS, S3 Files, FSx and EBS are network storage",
    description=("When a design must stay on the host, only bind mounts and local-driver Docker volumes qualify; EFS, S3 Files and FSx "
                 "are file systems reached over the network and EBS volumes are network-attached block storage."),
    source=DOCS + "using_data_volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#choosing",
    requirement=NoNetworkStorage,
    check=_no_network_storage,
)

STORAGE_SIZE = Rule(
    id="VOL16",
    title="Fargate task storage is 20 GiB unless raised",
    description=("Fargate task storage (bind mounts and the container layers) is 20 GiB by default and at most 200 GiB, and the pulled "
                 "image takes its share of it; EBS volumes have the size the launch configuration gives; EFS and S3 Files grow as needed."),
    source=DOCS + "fargate-task-storage.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#bind-mounts",
    requirement=StorageSize,
    check=_storage_size,
)

FILES_FROM_BUCKET = Rule(
    id="VOL17",
    title="Only S3 Files shows a bucket as a directory",
    description=("An Amazon S3 Files file system linked to a bucket, mounted as an s3files volume, shows the objects as files and keeps "
                 "them in sync with the bucket; an image, an EFS copy or a task-storage copy goes stale."),
    source=DOCS + "s3files-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#s3",
    requirement=FilesFromBucket,
    check=_files_from_bucket,
)

MOUNT_IDENTITY = Rule(
    id="VOL18",
    title="The task role is the file system client",
    description=("With EFS IAM authorization (and always with S3 Files) the mount is made as the task definition's task role, so "
                 "file system policies grant that role; without IAM authorization an EFS mount carries no IAM identity."),
    source=DOCS + "efs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs-access",
    requirement=MountIdentity,
    check=_mount_identity,
)

RULES = (DATA_PERSISTS, SHARED_STORAGE, PER_INSTANCE_CACHE, ISOLATION, NO_NETWORK_STORAGE, STORAGE_SIZE, FILES_FROM_BUCKET,
              MOUNT_IDENTITY)
