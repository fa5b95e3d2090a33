"""Storage rules: which volume types run where, what a volume may name, and the settings each type needs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ..steps.volumes import VOLUME_LABELS, unsupported_reason
from ..vocab.storage import VolumeType
from ._deployment_views import DOCS
from ._storage_view import FS_TYPE, volumes_in_use


def _type_runs_here(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for owner, td_name, td, capacity, pv, vname, volume in volumes_in_use(dep):
        problem = unsupported_reason(volume, td, capacity, pv)
        if problem:
            yield Breach(f"Volume '{vname}' of '{td_name}', used by '{owner}' on {capacity.value}: {problem[0]}.",
                         f"task_definitions.{td_name}.volumes.{vname}", problem[1])


def _names_right_resource(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for td_name, td in design.task_definitions.items():
        for vname, volume in td.volumes.items():
            where = f"task_definitions.{td_name}.volumes.{vname}"
            if volume.type is VolumeType.BIND and (volume.source_path or "").lower().startswith("s3://"):
                yield Breach(f"Volume '{vname}' of '{td_name}' gives {volume.source_path} as host.sourcePath; a bind mount "
                             "takes a path on the host, and an S3 bucket is not a file system that can be mounted.",
                             f"{where}.source_path", Stage.REGISTER)
            if volume.type not in FS_TYPE:
                continue
            target = volume.file_system or ""
            fs = design.file_systems.get(target)
            if target in design.buckets:
                yield Breach(f"Volume '{vname}' of '{td_name}' is {VOLUME_LABELS[volume.type]} naming S3 bucket "
                             f"'{target}' as its file system; a bucket is not a volume. Mount an S3 Files file system "
                             "linked to the bucket, or read the objects with the SDK and the task role.",
                             f"{where}.file_system", Stage.REGISTER)
            elif fs is None:
                yield Breach(f"Volume '{vname}' of '{td_name}' names file system '{target}', which the design does not define.",
                             f"{where}.file_system", Stage.REGISTER)
            elif fs.type is not FS_TYPE[volume.type]:
                yield Breach(f"Volume '{vname}' of '{td_name}' is {VOLUME_LABELS[volume.type]} but '{target}' is "
                             f"a {fs.type.value} file system.", f"{where}.file_system", Stage.REGISTER)


def _access_point_settings(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for td_name, td in design.task_definitions.items():
        for vname, volume in td.volumes.items():
            if volume.access_point is None or volume.type not in (VolumeType.EFS, VolumeType.S3FILES):
                continue
            where = f"task_definitions.{td_name}.volumes.{vname}"
            fs = design.file_systems.get(volume.file_system or "")
            if fs is not None and volume.access_point not in fs.access_points:
                yield Breach(f"Volume '{vname}' of '{td_name}' uses access point '{volume.access_point}', which file system "
                             f"'{volume.file_system}' does not have.", f"{where}.access_point", Stage.REGISTER)
            if volume.type is VolumeType.EFS and not volume.transit_encryption:
                yield Breach(f"Volume '{vname}' of '{td_name}' uses EFS access point '{volume.access_point}' with transit "
                             "encryption DISABLED; an access point requires transitEncryption ENABLED.",
                             f"{where}.transit_encryption", Stage.REGISTER)
            if volume.root_directory not in (None, "/"):
                yield Breach(f"Volume '{vname}' of '{td_name}' sets rootDirectory {volume.root_directory} together with access "
                             f"point '{volume.access_point}'; with an access point rootDirectory must be omitted or '/', "
                             "because the access point's own root directory is enforced.", f"{where}.root_directory",
                             Stage.REGISTER)


def _iam_authorization(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for td_name, td in dep.design.task_definitions.items():
        for vname, volume in td.volumes.items():
            if volume.type is not VolumeType.EFS or not volume.iam_authorization:
                continue
            where = f"task_definitions.{td_name}.volumes.{vname}"
            if not volume.transit_encryption:
                yield Breach(f"Volume '{vname}' of '{td_name}' turns on EFS IAM authorization with transit encryption "
                             "DISABLED; IAM authorization requires transitEncryption ENABLED.",
                             f"{where}.transit_encryption", Stage.REGISTER)
            if td.task_role is None:
                yield Breach(f"Volume '{vname}' of '{td_name}' turns on EFS IAM authorization, but the task definition has no "
                             "task role: EFS authorizes the mount as the task role (not the execution role), so there is "
                             "no identity to allow.", f"task_definitions.{td_name}.task_role", Stage.LAUNCH)


def _s3files_task_role(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for td_name, td in dep.design.task_definitions.items():
        s3files = [n for n, v in td.volumes.items() if v.type is VolumeType.S3FILES]
        if s3files and td.task_role is None:
            extra = f" (the execution role '{td.execution_role}' does not count)" if td.execution_role else ""
            yield Breach(f"Task definition '{td_name}' mounts S3 Files volume '{s3files[0]}' but has no task role{extra}; "
                         "S3 Files volumes require a task role, which is the identity that attaches the file system.",
                         f"task_definitions.{td_name}.task_role", Stage.REGISTER)


TYPE_RUNS_HERE = Rule(
    id="VOL01",
    title="Each volume type runs only on some capacity",
    description=("Docker volumes and host.sourcePath bind mounts need EC2 instances; EFS is Linux-only and on Fargate needs platform "
                 "version 1.4.0; S3 Files runs on Fargate and ECS Managed Instances but not on the EC2 launch type; FSx for Windows "
                 "File Server is for Windows tasks on EC2."),
    source=DOCS + "using_data_volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#choosing",
    requirement=Deploys,
    check=_type_runs_here,
)

NAMES_RIGHT_RESOURCE = Rule(
    id="VOL02",
    title="A bucket is not a volume",
    description=("Each volume type names one kind of resource: an EFS file system id, an S3 Files file system ARN, a path on the host. "
                 "An S3 bucket (or an s3:// URI) is none of these and cannot be mounted; use an S3 Files file system linked to the "
                 "bucket, or the SDK with the task role."),
    source=DOCS + "s3files-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#s3",
    requirement=Deploys,
    check=_names_right_resource,
)

ACCESS_POINT_SETTINGS = Rule(
    id="VOL03",
    title="Access points need transit encryption and no rootDirectory",
    description=("An EFS access point in a task definition requires transitEncryption ENABLED, and rootDirectory must be omitted or '/' "
                 "because the access point enforces its own root directory; the access point must belong to the file system."),
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs-access",
    requirement=Deploys,
    check=_access_point_settings,
)

IAM_AUTHORIZATION = Rule(
    id="VOL04",
    title="EFS IAM authorization uses the task role over TLS",
    description=("With authorizationConfig.iam ENABLED, ECS mounts the file system as the task role, and transit encryption must be on; "
                 "the task execution role is never the NFS client identity."),
    source=DOCS + "efs-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#efs-access",
    requirement=Deploys,
    check=_iam_authorization,
)

S3FILES_TASK_ROLE = Rule(
    id="VOL05",
    title="S3 Files volumes require a task role",
    description=("A task definition with an S3 Files volume must name a task role with the S3 Files client permissions; transit "
                 "encryption is always on and cannot be turned off."),
    source=DOCS + "s3files-volumes.html",
    source_checked=date(2026, 11, 27),
    taught_in="volumes#s3",
    requirement=Deploys,
    check=_s3files_task_role,
)

RULES = (TYPE_RUNS_HERE, NAMES_RIGHT_RESOURCE, ACCESS_POINT_SETTINGS, IAM_AUTHORIZATION, S3FILES_TASK_ROLE)
