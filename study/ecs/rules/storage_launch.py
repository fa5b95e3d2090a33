"""Storage rules checked when tasks launch: mount targets, launch-time EBS settings, task storage size, mount points."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment, PlacedTask
from ..facts import fargate
from ..findings import Breach, Stage
from ..placement import effective_network_mode
from ..requirements.base import Deploys
from ..rule import Rule
from ..vocab.compute import LaunchType, NetworkMode, TaskDefinition
from ..vocab.storage import VolumeType
from ._deployment_views import DOCS
from ._storage_view import owners

EPHEMERAL_MIN_GIB = 21
EPHEMERAL_MAX_GIB = 200


def _nfs_sources(dep: Deployment, task: PlacedTask) -> tuple[list[str], str]:
    """Security groups the task's NFS traffic leaves from, and whose they are: the task ENI's, else the instance's."""
    design = dep.design
    td = design.task_definitions[task.task_definition]
    if task.on_fargate or effective_network_mode(td, on_fargate=False) is NetworkMode.AWSVPC:
        spec = design.services.get(task.owner) or design.tasks.get(task.owner)
        network = spec.network if spec else None
        return (network.security_groups if network else []) or ["default"], "the task's security group"
    instance = dep.instance(task.instance or "")
    group = design.cluster.auto_scaling_groups.get(instance.group) if instance else None
    mode = effective_network_mode(td, on_fargate=False).value
    return (group.security_groups if group else []) or ["default"], f"the container instance's security group ({mode} mode)"


def _mount_target_problem(dep: Deployment, task: PlacedTask, fs_name: str) -> str | None:
    fs = dep.design.file_systems[fs_name]
    azs = [fs.one_zone] if fs.one_zone else fs.mount_target_azs
    if azs and task.az not in azs:
        return (f"file system '{fs_name}' has mount targets only in AZ {', '.join(azs)}, and the task is in AZ {task.az}, "
                "where its file system id resolves to no mount target")
    groups, whose = _nfs_sources(dep, task)
    if fs.nfs_allowed_from and not set(groups) & set(fs.nfs_allowed_from):
        return (f"the mount targets of '{fs_name}' allow NFS (TCP 2049) only from {', '.join(fs.nfs_allowed_from)}, "
                f"not from {whose} {', '.join(groups)}")
    return None


def _mount_targets_reachable(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    reported = set()
    for task in dep.tasks:
        td = dep.design.task_definitions.get(task.task_definition)
        if td is None or task.state.value != "RUNNING":
            continue
        for vname, volume in td.volumes.items():
            if volume.type not in (VolumeType.EFS, VolumeType.S3FILES) or volume.file_system not in dep.design.file_systems:
                continue
            problem = _mount_target_problem(dep, task, volume.file_system)
            if problem and (task.owner, vname, problem) not in reported:
                reported.add((task.owner, vname, problem))
                yield Breach(f"Task {task.id} cannot mount volume '{vname}': {problem}.",
                             f"file_systems.{volume.file_system}", Stage.LAUNCH)


def _ebs_at_launch(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for td_name, td in design.task_definitions.items():
        at_launch = [n for n, v in td.volumes.items() if v.type is VolumeType.EBS and v.configured_at_launch]
        if len(at_launch) > 1:
            yield Breach(f"Task definition '{td_name}' marks {len(at_launch)} volumes configuredAtLaunch "
                         f"({', '.join(at_launch)}); a task definition may have only one.",
                         f"task_definitions.{td_name}.volumes", Stage.REGISTER)
        for name, volume in td.volumes.items():
            if volume.type is VolumeType.EBS and not volume.configured_at_launch:
                yield Breach(f"EBS volume '{name}' of '{td_name}' is not marked configuredAtLaunch; ECS attaches EBS volumes "
                             "only when the task definition defers them to launch.",
                             f"task_definitions.{td_name}.volumes.{name}.configured_at_launch", Stage.REGISTER)
    for owner, td_name, td, _capacity, _pv in owners(dep):
        yield from _owner_ebs_settings(dep, owner, td_name, td)


def _owner_ebs_settings(dep: Deployment, owner: str, td_name: str, td: TaskDefinition) -> Iterator[Breach]:
    kind = "services" if owner in dep.design.services else "tasks"
    settings = getattr(dep.design, kind)[owner].ebs_volume
    wants = any(v.type is VolumeType.EBS and v.configured_at_launch for v in td.volumes.values())
    where = f"{kind}.{owner}.ebs_volume"
    if wants and settings is None:
        yield Breach(f"'{owner}' runs '{td_name}', whose EBS volume is configured at launch, but gives no volume "
                     "configuration, so ECS has no size or type to create the volume with.", where, Stage.LAUNCH)
    elif settings is not None and not wants:
        yield Breach(f"'{owner}' gives an EBS volume configuration, but '{td_name}' has no configuredAtLaunch volume to "
                     "apply it to.", where, Stage.REGISTER)
    elif settings is not None and settings.infrastructure_role is None:
        yield Breach(f"The EBS volume configuration of '{owner}' names no infrastructure role; ECS needs that role to create "
                     "and attach the volume.", f"{where}.infrastructure_role", Stage.REGISTER)


def _service_volumes_deleted(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        if service.ebs_volume is not None and not service.ebs_volume.delete_on_termination:
            yield Breach(f"Service '{name}' asks to keep its tasks' EBS volumes (delete_on_termination false), but a service's "
                         "volume configuration has no termination policy: volumes of service-managed tasks are always "
                         "deleted when the task stops. Only standalone tasks (RunTask) can keep their volume.",
                         f"services.{name}.ebs_volume.delete_on_termination", Stage.REGISTER)


def _ephemeral_storage(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    seen = set()
    for owner, td_name, td, capacity, pv in owners(dep):
        size = td.ephemeral_storage_gib
        if size is None or td_name in seen:
            continue
        seen.add(td_name)
        where = f"task_definitions.{td_name}.ephemeral_storage_gib"
        if not EPHEMERAL_MIN_GIB <= size <= EPHEMERAL_MAX_GIB:
            yield Breach(f"Task definition '{td_name}' asks for {size} GiB of ephemeral storage; sizeInGiB must be "
                         f"{EPHEMERAL_MIN_GIB}-{EPHEMERAL_MAX_GIB} (the default without it is 20 GiB).", where, Stage.REGISTER)
        elif capacity is LaunchType.FARGATE and fargate.platform_version(pv, td.os) < (1, 4, 0):
            yield Breach(f"Task definition '{td_name}' sets ephemeral storage, but '{owner}' runs on Fargate platform "
                         f"version {pv}; ephemeralStorage needs Linux platform version 1.4.0 or later.", where, Stage.LAUNCH)
        elif capacity is not LaunchType.FARGATE:
            yield Breach(f"Task definition '{td_name}' sets {size} GiB of ephemeral storage, but '{owner}' runs on "
                         f"{capacity.value}; ephemeralStorage sizes only the task storage of tasks hosted on Fargate, so the "
                         "task gets no extra space from it.", where, Stage.RUN)


def _mount_points_resolve(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for td_name, td in dep.design.task_definitions.items():
        for cname, container in td.containers.items():
            for index, mount in enumerate(container.mount_points):
                if mount.volume not in td.volumes:
                    known = ", ".join(td.volumes) or "none"
                    yield Breach(f"Container '{cname}' of '{td_name}' mounts volume '{mount.volume}' at {mount.path}, but the "
                                 f"task definition defines no such volume (volumes: {known}).",
                                 f"task_definitions.{td_name}.containers.{cname}.mount_points.{index}", Stage.REGISTER)


MOUNT_TARGETS_REACHABLE = Rule(
    id="VOL06",
    title="Tasks reach a mount target over NFS",
    description=("A task mounts EFS or S3 Files through a mount target: the file system needs one in the task's Availability Zone, and "
                 "the mount target's security group must allow inbound TCP 2049 from the task (awsvpc) or the instance."),
    source=DOCS + "efs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs-network",
    requirement=Deploys,
    check=_mount_targets_reachable,
)

EBS_AT_LAUNCH = Rule(
    id="VOL07",
    title="EBS volumes are configured at launch",
    description=("A task definition marks one volume configuredAtLaunch; the service or RunTask then supplies the size, type, snapshot "
                 "and the infrastructure role, and ECS creates one volume per task."),
    source=DOCS + "ebs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#ebs",
    requirement=Deploys,
    check=_ebs_at_launch,
)

SERVICE_VOLUMES_DELETED = Rule(
    id="VOL08",
    title="Service-managed EBS volumes are always deleted",
    description=("EBS volumes of tasks that a service maintains are ephemeral: each is deleted when its task stops and the replacement "
                 "gets a new volume. Only a standalone task's volume can be kept (deleteOnTermination false)."),
    source=DOCS + "ebs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#ebs",
    requirement=Deploys,
    check=_service_volumes_deleted,
)

EPHEMERAL_STORAGE = Rule(
    id="VOL09",
    title="Fargate ephemeral storage is 21-200 GiB",
    description=("Fargate tasks (Linux platform 1.4.0+) get 20 GiB of task storage; ephemeralStorage.sizeInGiB raises it to 21-200 GiB. "
                 "It is a Fargate setting and the storage is lost when the task stops."),
    source=DOCS + "fargate-task-storage.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#bind-mounts",
    requirement=Deploys,
    check=_ephemeral_storage,
)

MOUNT_POINTS_RESOLVE = Rule(
    id="VOL10",
    title="Mount points name volumes of the task definition",
    description=("A container's mountPoints refer to volumes by name (sourceVolume); a name that the task definition does not define "
                 "is rejected."),
    source=DOCS + "using_data_volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#choosing",
    requirement=Deploys,
    check=_mount_points_resolve,
)

RULES = (MOUNT_TARGETS_REACHABLE, EBS_AT_LAUNCH, SERVICE_VOLUMES_DELETED, EPHEMERAL_STORAGE, MOUNT_POINTS_RESOLVE)
