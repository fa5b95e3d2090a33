"""Requirement kinds about data volumes: how long data lives, who shares it, isolation, size, and where it comes from."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


class PersistBeyond(StrEnum):
    """The event the data must outlive, weakest first."""

    TASK_STOP = "task_stop"
    TASK_REPLACEMENT = "task_replacement"
    INSTANCE_TERMINATION = "instance_termination"
    AZ_OUTAGE = "az_outage"


_EVENTS = {
    PersistBeyond.TASK_STOP: "the task stopping",
    PersistBeyond.TASK_REPLACEMENT: "the task being replaced (the replacement sees it)",
    PersistBeyond.INSTANCE_TERMINATION: "the container instance being terminated",
    PersistBeyond.AZ_OUTAGE: "the loss of an Availability Zone",
}


@dataclass(config=STRICT)
class DataPersists:
    """Data written at a container path outlives an event: task stop, replacement, instance loss or AZ loss."""

    kind: Literal["data_persists"] = key("Requirement kind.", "data_persists")
    of: str = key("Service or standalone task that writes the data.", "orders", default="")
    path: str = key("Container path the data is written to.", "/data", default="/data")
    beyond: PersistBeyond = key("What the data must survive.", "task_replacement", default=PersistBeyond.TASK_REPLACEMENT)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Data that '{self.of}' writes to {self.path} survives {_EVENTS[self.beyond]}"


@dataclass(config=STRICT)
class SharedStorage:
    """Every task of the named services sees the same storage at a path, on any instance and in any AZ."""

    kind: Literal["shared_storage"] = key("Requirement kind.", "shared_storage")
    services: list[str] = key(
        "Services (or standalone tasks) whose tasks must share the storage.", ["ingest", "reports"], default=[])
    path: str = key("Container path of the shared storage in each of them.", "/shared", default="/shared")
    same_directory: bool = key(
        "True: they see the same files. False: one file system is enough, each may use its own directory.", False, default=True)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        names = ", ".join(f"'{s}'" for s in self.services)
        what = "the same files" if self.same_directory else "one and the same file system"
        return f"All tasks of {names} see {what} at {self.path}, whatever instance or AZ they run in"


@dataclass(config=STRICT)
class PerInstanceCache:
    """A cache that the tasks on one instance share and that survives task restarts and replacements there."""

    kind: Literal["per_instance_cache"] = key("Requirement kind.", "per_instance_cache")
    of: str = key("Service whose tasks use the cache.", "inference", default="")
    path: str = key("Container path of the cache.", "/cache", default="/cache")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Tasks of '{self.of}' on one instance share {self.path}, and it survives task replacement on that instance"


@dataclass(config=STRICT)
class Isolation:
    """On a shared file system the service sees only its own directory, and every file gets a fixed POSIX owner."""

    kind: Literal["isolation"] = key("Requirement kind.", "isolation")
    of: str = key("Service to confine.", "ingest", default="")
    directory: str = key("The only directory of the file system it may see.", "/ingest", default="/")
    uid: int = key("POSIX user id every request must use, whatever the container runs as.", 1001, default=0)
    gid: int = key("POSIX group id every request must use.", 1001, default=0)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"'{self.of}' sees only {self.directory} and writes as uid/gid {self.uid}/{self.gid}, whatever its image runs as"


@dataclass(config=STRICT)
class NoNetworkStorage:
    """The tasks use only storage on their own host: no EFS, S3 Files, FSx, EBS or network volume driver."""

    kind: Literal["no_network_storage"] = key("Requirement kind.", "no_network_storage")
    of: str = key("Service or standalone task.", "inference", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"'{self.of}' uses no network storage"


@dataclass(config=STRICT)
class StorageSize:
    """The storage behind a container path holds at least this many GiB."""

    kind: Literal["storage_size"] = key("Requirement kind.", "storage_size")
    of: str = key("Service or standalone task.", "renderer", default="")
    path: str = key("Container path of the storage.", "/scratch", default="/scratch")
    at_least_gib: int = key("Smallest acceptable size in GiB.", 120, default=1, ge=1)
    image_gib: int = key("Pulled and unpacked image size in GiB; it also uses Fargate task storage.", 8, default=0, ge=0)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        image = f" besides its {self.image_gib} GiB image" if self.image_gib else ""
        return f"'{self.of}' has at least {self.at_least_gib} GiB at {self.path}{image}"


@dataclass(config=STRICT)
class FilesFromBucket:
    """A directory whose files follow an S3 bucket: edits made through the S3 API show up without a redeploy."""

    kind: Literal["files_from_bucket"] = key("Requirement kind.", "files_from_bucket")
    of: str = key("Service or standalone task that reads the files.", "renderer", default="")
    path: str = key("Directory in the container.", "/templates", default="/data")
    bucket: str = key("Name of the bucket in `buckets`.", "report-templates", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return (f"'{self.of}' reads the objects of bucket '{self.bucket}' as files under {self.path}, "
                "kept in sync without a redeploy")


@dataclass(config=STRICT)
class MountIdentity:
    """The file system sees the service's mounts as one IAM role, so a file system policy can grant that role."""

    kind: Literal["mount_identity"] = key("Requirement kind.", "mount_identity")
    of: str = key("Service or standalone task that mounts the file system.", "reports", default="")
    role: str = key("Role the file system must see as the NFS client.", "reports-task", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The file system sees the mounts of '{self.of}' as role '{self.role}'"


REQUIREMENTS = (DataPersists, SharedStorage, PerInstanceCache, Isolation, NoNetworkStorage, StorageSize, FilesFromBucket,
                MountIdentity)
