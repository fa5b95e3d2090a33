"""Storage vocabulary: task volumes and the file systems and buckets they may name."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key
from .iam import ResourceStatement


class VolumeType(StrEnum):
    BIND = "bind"
    DOCKER = "docker"
    EFS = "efs"
    EBS = "ebs"
    S3FILES = "s3files"
    FSX_WINDOWS = "fsx-windows"


class DockerScope(StrEnum):
    TASK = "task"
    SHARED = "shared"


class FileSystemType(StrEnum):
    EFS = "efs"
    S3FILES = "s3files"
    FSX_WINDOWS = "fsx-windows"


@dataclass(config=STRICT)
class Volume:
    type: VolumeType = key("Kind of volume: bind, docker, efs, ebs, s3files or fsx-windows.", "efs", phrase="volume type")
    source_path: str | None = key("Bind mount: host.sourcePath on the EC2 instance.", "/ecs/model-cache", default=None, phrase="host source path (host.sourcePath)")
    scope: DockerScope = key("Docker volume scope: task (removed with the task) or shared.", "shared", default=DockerScope.TASK, phrase="Docker volume scope (scope)")
    autoprovision: bool = key("Docker volume: create the shared volume if it does not exist.", True, default=False, phrase="autoprovisioning of the Docker volume (autoprovision)")
    driver: str = key("Docker volume driver.", "local", default="local", phrase="Docker volume driver (driver)")
    file_system: str | None = key(
        "efs, s3files, fsx-windows: name of a resource in `file_systems` (or, by mistake, in `buckets`).", "shared", default=None, phrase="file system (fileSystemId)")
    root_directory: str | None = key("EFS rootDirectory inside the file system.", "/ingest", default=None, phrase="root directory (rootDirectory)")
    transit_encryption: bool = key("EFS/S3 Files transitEncryption ENABLED.", True, default=False, phrase="encryption in transit (transitEncryption)")
    access_point: str | None = key("EFS access point name (authorizationConfig.accessPointId).", "ingest-ap", default=None, phrase="access point (accessPointId)")
    iam_authorization: bool = key("EFS authorizationConfig.iam ENABLED (the task role is the client identity).", True, default=False, phrase="IAM authorization (authorizationConfig iam)")
    configured_at_launch: bool = key("EBS: settings come from the service or RunTask at launch.", True, default=False, phrase="configuration at launch (configuredAtLaunch)")


@dataclass(config=STRICT)
class AccessPoint:
    root_directory: str = key("Directory the access point exposes as the root.", "/ingest", default="/", phrase="root directory")
    posix_uid: int | None = key("Enforced POSIX user id for every request.", 1001, default=None, phrase="POSIX user ID")
    posix_gid: int | None = key("Enforced POSIX group id for every request.", 1001, default=None, phrase="POSIX group ID")


@dataclass(config=STRICT)
class FileSystem:
    type: FileSystemType = key("efs, s3files or fsx-windows.", "efs", default=FileSystemType.EFS, phrase="file system type")
    one_zone: str | None = key("EFS One Zone: the single AZ that holds the data.", "a", default=None, phrase="One Zone Availability Zone")
    access_points: dict[str, AccessPoint] = key("EFS access points by name.", {"ingest-ap": {"root_directory": "/ingest", "posix_uid": 1001, "posix_gid": 1001}}, default={}, phrase="access points")
    mount_target_azs: list[str] | None = key("AZs with a mount target; empty means every AZ of the VPC (a One Zone file system has only its own AZ).", ["a", "b"], default=None, phrase="mount target Availability Zones")
    nfs_allowed_from: list[str] | None = key(
        "Security groups the mount targets allow on TCP 2049; empty means any in the VPC.", ["orders-tasks"], default=None, phrase="security groups allowed on NFS port 2049")
    linked_bucket: str | None = key("S3 Files: the bucket the file system is kept in sync with.", "report-templates", default=None, phrase="linked S3 bucket")
    policy: list[ResourceStatement] = key(
        "EFS file system policy; empty means the default policy, which lets every client that reaches a mount target in.",
        [{"effect": "Allow", "principals": ["reports-task"], "actions": ["elasticfilesystem:ClientMount"]}], default=[], phrase="file system policy")
    throughput_mode: str = key("EFS throughput mode: elastic, provisioned or bursting.", "elastic", default="elastic", phrase="throughput mode")
    performance_mode: str = key("EFS performance mode: general-purpose or max-io (fixed at creation).", "general-purpose",
                                default="general-purpose", pattern="^(general-purpose|max-io)$", phrase="performance mode (PerformanceMode)")


@dataclass(config=STRICT)
class Bucket:
    versioning: bool = key("Bucket versioning is on.", True, default=False, phrase="versioning")
    policy: list[ResourceStatement] = key(
        "Bucket policy statements.", [{"effect": "Deny", "principals": ["*"], "actions": ["s3:DeleteObject"]}], default=[], phrase="bucket policy")
