"""Quantities about task volumes: what a replacement task gets, what happens to a stopped task's volume, who shares it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..observe import Observation, QuantityError, QuantityKind
from ..steps.volumes import AttachedVolume, Lifetime

if TYPE_CHECKING:
    from ..deploy import Deployment
    from ..scenario import Quantity

REPLACEMENT_SOURCE = {
    Lifetime.PERSISTENT: "the same file system",
    Lifetime.INSTANCE: "the same host storage if placed on the same instance",
}
AFTER_STOP = {Lifetime.TASK: "deleted", Lifetime.KEPT: "kept", Lifetime.INSTANCE: "kept on the instance",
              Lifetime.PERSISTENT: "persists"}


def data_volume(deployment: Deployment, owner: str | None) -> AttachedVolume:
    """The volume a quantity is about: the owner's EBS volume if it has one, else its only volume."""
    attached = deployment.volumes.of(owner or "") if deployment.volumes else []
    if not attached:
        raise QuantityError(f"'{owner}' has no running task with a volume")
    ebs = [a for a in attached if a.type.value == "ebs"]
    names = {a.volume for a in attached}
    if not ebs and len(names) > 1:
        raise QuantityError(f"'{owner}' has several volumes ({', '.join(sorted(names))}); the quantity needs one")
    return (ebs or attached)[0]


def _replacement_volume_source(deployment: Deployment, ask: Quantity) -> Observation:
    att = data_volume(deployment, ask.of)
    if att.lifetime in REPLACEMENT_SOURCE:
        value = REPLACEMENT_SOURCE[att.lifetime]
    elif att.type.value == "ebs":
        value = f"new volume from {att.initial_content}" if att.initial_content != "empty" else "new empty volume"
    else:
        value = "new empty task storage"
    working = f"volume '{att.volume}' of '{ask.of}' is {att.refers_to} and its data {att.lifetime.value}"
    return Observation(value, working, "VOL08" if att.type.value == "ebs" else "VOL11")


def _volume_after_task_stops(deployment: Deployment, ask: Quantity) -> Observation:
    att = data_volume(deployment, ask.of)
    working = f"volume '{att.volume}' of '{ask.of}' is {att.refers_to}; its data {att.lifetime.value}"
    return Observation(AFTER_STOP[att.lifetime], working, "VOL08" if att.type.value == "ebs" else "VOL11")


def _tasks_sharing_volume(deployment: Deployment, ask: Quantity) -> Observation:
    att = data_volume(deployment, ask.of)
    sharing = deployment.volumes.sharing_storage(att.storage_id)
    working = f"{att.refers_to} is seen by {att.sharing.value}: {len(sharing)} running task(s) use it"
    return Observation(len(sharing), working, "VOL12")


QUANTITIES: dict[str, QuantityKind] = {
    "replacement_volume_source": QuantityKind(
        "replacement_volume_source",
        "What a replacement task of a service finds in its data volume: 'new volume from snapshot <id>', 'new empty volume', "
        "'new empty task storage', 'the same host storage if placed on the same instance' or 'the same file system'.",
        {"quantity": "replacement_volume_source", "of": "search"}, _replacement_volume_source,
        "what a replacement task of {of} finds in its data volume"),
    "volume_after_task_stops": QuantityKind(
        "volume_after_task_stops",
        "What happens to a task's data volume when the task stops: deleted, kept, kept on the instance, or persists.",
        {"quantity": "volume_after_task_stops", "of": "search"}, _volume_after_task_stops,
        "what happens to the data volume of {of} when its task stops"),
    "tasks_sharing_volume": QuantityKind(
        "tasks_sharing_volume", "How many running tasks use the same storage as the first task's data volume.",
        {"quantity": "tasks_sharing_volume", "of": "search"}, _tasks_sharing_volume,
        "the number of running tasks of {of} that share one data volume"),
}
