"""The design vocabulary: every key a scenario's situation or a choice's design may use.

A design is plain data. Scenarios give a situation, choices give a change to it (a merge patch),
and the merged result is read into these frozen dataclasses before the model deploys it.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from pydantic import TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from ._base import STRICT, key
from .compute import Cluster, Service, StandaloneTask, TaskDefinition
from .eks import Eks
from .iam import Role
from .loadbalancing import EndpointService, LoadBalancer, TargetGroup
from .network import Network
from .registry import Ecr
from .storage import Bucket, FileSystem


@dataclass(config=STRICT)
class Design:
    network: Network = key("The VPC: subnets, endpoints, security groups.", {"subnets": {"private-a": {"az": "a"}}}, default={}, phrase="the VPC")
    roles: dict[str, Role] = key("IAM roles by name.", {"orders-task": {"permissions": [{"action": "s3:PutObject"}]}}, default={}, phrase="IAM roles")
    cluster: Cluster = key("The ECS cluster and its EC2 capacity.", {"name": "prod"}, default={}, phrase="the ECS cluster")
    task_definitions: dict[str, TaskDefinition] = key("Task definitions by family name.", {"orders": {"requires_compatibilities": ["FARGATE"], "cpu": 512, "memory": 1024}}, default={}, phrase="task definitions")
    services: dict[str, Service] = key("ECS services by name.", {"orders": {"task_definition": "orders", "launch_type": "FARGATE"}}, default={}, phrase="services")
    tasks: dict[str, StandaloneTask] = key("Standalone tasks (RunTask) by name.", {"nightly": {"task_definition": "batch", "launch_type": "EC2"}}, default={}, phrase="standalone tasks (RunTask)")
    load_balancers: dict[str, LoadBalancer] = key("Load balancers by name.", {"web-alb": {"type": "application"}}, default={}, phrase="load balancers")
    target_groups: dict[str, TargetGroup] = key("Target groups by name.", {"orders-tg": {"target_type": "ip"}}, default={}, phrase="target groups")
    endpoint_services: dict[str, EndpointService] = key("PrivateLink endpoint services by name.", {"partners": {"load_balancers": ["partner-nlb"]}}, default={}, phrase="PrivateLink endpoint services")
    file_systems: dict[str, FileSystem] = key("EFS, S3 Files and FSx file systems by name.", {"shared": {"type": "efs"}}, default={}, phrase="file systems")
    buckets: dict[str, Bucket] = key("S3 buckets by name.", {"report-templates": {}}, default={}, phrase="S3 buckets")
    ecr: Ecr = key("Amazon ECR repositories and pushes.", {"repositories": {"orders": {}}}, default={}, phrase="Amazon ECR")
    eks: Eks = key("Amazon EKS cluster and workloads.", {"cluster": {"fargate_profiles": {}}}, default={}, phrase="Amazon EKS")


@lru_cache(maxsize=1)
def design_adapter() -> TypeAdapter:
    """The validator for merged designs, built once."""
    return TypeAdapter(Design)


def read_design(data: dict) -> Design:
    """Read a merged design dict into typed data; raises pydantic.ValidationError on bad keys."""
    return design_adapter().validate_python(data)


@lru_cache(maxsize=None)
def _section_adapter(name: str) -> TypeAdapter:
    return TypeAdapter(Design.__pydantic_fields__[name].annotation)


def read_changed_sections(base: Design, merged: dict, changed: set[str]) -> Design:
    """Re-read only the top-level sections a patch touched; the rest is shared with `base`.

    A choice's patch is small, so this skips validating the untouched bulk of the situation again.
    Raises pydantic.ValidationError with locations relative to the design, like read_design.
    """
    unknown = changed - set(Design.__pydantic_fields__)
    if unknown:
        return read_design(merged)
    updates = {}
    for name in changed:
        value = merged.get(name)
        try:
            updates[name] = _section_adapter(name).validate_python({} if value is None else value)
        except ValidationError as error:
            raise ValidationError.from_exception_data(
                error.title, [{**e, "loc": (name, *e["loc"])} for e in error.errors()]) from None  # type: ignore[misc]
    result = copy.copy(base)
    for name, value in updates.items():
        object.__setattr__(result, name, value)
    return result
