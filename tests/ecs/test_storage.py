"""The volumes step: what each volume type refers to, how long it lives, who shares it; the storage quantities."""

from __future__ import annotations

import pytest

from study.ecs.deploy import deploy
from study.ecs.evaluate import read_merged
from study.ecs.merge import merge_patch
from study.ecs.observe import QuantityError, observe
from study.ecs.scenario import Quantity
from study.ecs.steps.volumes import Lifetime, Sharing

ROLES = {
    "ecsInstanceRole": {"trust": "ec2.amazonaws.com", "managed_policies": ["AmazonEC2ContainerServiceforEC2Role"]},
    "ecs-infra": {"trust": "ecs.amazonaws.com"},
    "app-task": {},
}
FARGATE = {
    "roles": ROLES,
    "file_systems": {"shared": {"type": "efs", "access_points": {"ap": {"root_directory": "/app", "posix_uid": 7, "posix_gid": 8}}},
                     "lake": {"type": "s3files", "linked_bucket": "raw"}},
    "buckets": {"raw": {}},
    "task_definitions": {"app": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": 512, "memory": 1024,
                                 "task_role": "app-task", "containers": {"main": {"mount_points": [{"volume": "data", "path": "/data"}]}}}},
    "services": {"app": {"task_definition": "app", "launch_type": "FARGATE", "desired_count": 2,
                         "network": {"subnets": ["private-a", "private-b"]}}},
}
EC2 = {
    "roles": ROLES,
    "cluster": {"name": "c", "auto_scaling_groups": {"hosts": {"instance_type": "m5.2xlarge", "desired": 2, "instance_profile": "ecsInstanceRole",
                                                               "subnets": ["private-a", "private-b"]}}},
    "task_definitions": {"app": {"requires_compatibilities": ["EC2"], "cpu": 256, "memory": 512,
                                 "containers": {"main": {"mount_points": [{"volume": "data", "path": "/data"}]}}}},
    "services": {"app": {"task_definition": "app", "launch_type": "EC2", "desired_count": 4}},
}
SERVICE_EBS = {"services": {"app": {"ebs_volume": {"size_gib": 50, "snapshot": "snap-1", "infrastructure_role": "ecs-infra"}}}}


def _deployed(base: dict, volume: dict, extra: dict | None = None):
    patch = merge_patch({"task_definitions": {"app": {"volumes": {"data": volume}}}}, extra or {})
    return deploy(read_merged(merge_patch(base, patch), None))


def _first(base: dict, volume: dict, extra: dict | None = None):
    return _deployed(base, volume, extra).volumes.of("app", "data")[0]


@pytest.mark.parametrize(("base", "volume", "extra", "lifetime", "sharing"), [
    (FARGATE, {"type": "bind"}, None, Lifetime.TASK, Sharing.TASK),
    (EC2, {"type": "bind"}, None, Lifetime.TASK, Sharing.TASK),
    (EC2, {"type": "bind", "source_path": "/srv/data"}, None, Lifetime.INSTANCE, Sharing.INSTANCE),
    (EC2, {"type": "docker", "scope": "task"}, None, Lifetime.TASK, Sharing.TASK),
    (EC2, {"type": "docker", "scope": "shared", "autoprovision": True}, None, Lifetime.INSTANCE, Sharing.INSTANCE),
    (FARGATE, {"type": "efs", "file_system": "shared"}, None, Lifetime.PERSISTENT, Sharing.ANYWHERE),
    (FARGATE, {"type": "s3files", "file_system": "lake"}, None, Lifetime.PERSISTENT, Sharing.ANYWHERE),
    (FARGATE, {"type": "ebs", "configured_at_launch": True}, SERVICE_EBS, Lifetime.TASK, Sharing.ONE_TASK),
])
def test_each_volume_type_has_its_lifetime_and_sharing(base, volume, extra, lifetime, sharing):
    attached = _first(base, volume, extra)
    assert (attached.lifetime, attached.sharing) == (lifetime, sharing)


def test_standalone_task_can_keep_its_ebs_volume():
    standalone = merge_patch(FARGATE, {"services": {"app": None}, "tasks": {"app": {
        "task_definition": "app", "launch_type": "FARGATE", "network": {"subnets": ["private-a"]},
        "ebs_volume": {"size_gib": 10, "infrastructure_role": "ecs-infra", "delete_on_termination": False}}}})
    assert _first(standalone, {"type": "ebs", "configured_at_launch": True}).lifetime is Lifetime.KEPT


@pytest.mark.parametrize(("volume", "directory", "owner", "identity"), [
    ({"type": "efs", "file_system": "shared"}, "/", None, None),
    ({"type": "efs", "file_system": "shared", "root_directory": "/x"}, "/x", None, None),
    ({"type": "efs", "file_system": "shared", "access_point": "ap", "transit_encryption": True}, "/app", (7, 8), None),
    ({"type": "efs", "file_system": "shared", "iam_authorization": True, "transit_encryption": True}, "/", None, "app-task"),
    ({"type": "s3files", "file_system": "lake"}, "/", None, "app-task"),
])
def test_file_systems_resolve_directory_owner_and_client_identity(volume, directory, owner, identity):
    attached = _first(FARGATE, volume)
    assert (attached.directory, attached.posix_owner, attached.client_identity) == (directory, owner, identity)


def test_one_zone_file_system_keeps_its_data_in_one_az():
    attached = _first(merge_patch(FARGATE, {"file_systems": {"shared": {"one_zone": "a"}}}), {"type": "efs", "file_system": "shared"})
    assert attached.data_az == "a"


@pytest.mark.parametrize(("base", "volume"), [
    (FARGATE, {"type": "docker", "scope": "shared"}),
    (FARGATE, {"type": "bind", "source_path": "/srv"}),
])
def test_volumes_fargate_cannot_attach_are_left_out(base, volume):
    assert _deployed(base, volume).volumes.of("app") == []


def test_fargate_task_storage_size_defaults_to_20_gib_and_follows_ephemeral_storage():
    assert _first(FARGATE, {"type": "bind"}).size_gib == 20
    raised = merge_patch(FARGATE, {"task_definitions": {"app": {"ephemeral_storage_gib": 120}}})
    assert _first(raised, {"type": "bind"}).size_gib == 120


@pytest.mark.parametrize(("base", "volume", "extra", "quantity", "expected"), [
    (FARGATE, {"type": "ebs", "configured_at_launch": True}, SERVICE_EBS, "replacement_volume_source", "new volume from snapshot snap-1"),
    (FARGATE, {"type": "ebs", "configured_at_launch": True}, SERVICE_EBS, "volume_after_task_stops", "deleted"),
    (FARGATE, {"type": "ebs", "configured_at_launch": True}, SERVICE_EBS, "tasks_sharing_volume", 1),
    (FARGATE, {"type": "efs", "file_system": "shared"}, None, "replacement_volume_source", "the same file system"),
    (FARGATE, {"type": "efs", "file_system": "shared"}, None, "tasks_sharing_volume", 2),
    (EC2, {"type": "docker", "scope": "shared"}, None, "tasks_sharing_volume", 2),
    (EC2, {"type": "bind"}, None, "replacement_volume_source", "new empty task storage"),
    (EC2, {"type": "bind", "source_path": "/srv"}, None, "volume_after_task_stops", "kept on the instance"),
])
def test_storage_quantities(base, volume, extra, quantity, expected):
    observed = observe(_deployed(base, volume, extra), Quantity(quantity=quantity, of="app"))
    assert observed.value == expected and observed.working


def test_quantity_on_a_service_without_volumes_is_an_authoring_error():
    deployment = deploy(read_merged(FARGATE, None))
    with pytest.raises(QuantityError):
        observe(deployment, Quantity(quantity="replacement_volume_source", of="app"))
