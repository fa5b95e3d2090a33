"""Walk designs by path: the vocabulary type at a path and a readable name for it."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import lru_cache
from typing import Any, Union, get_args, get_origin

from .vocab import Design

Path = tuple[Any, ...]

SINGULAR = {
    "task_definitions": "task definition", "containers": "container", "services": "service", "roles": "role",
    "load_balancers": "load balancer", "target_groups": "target group", "file_systems": "file system",
    "volumes": "volume", "subnets": "subnet", "endpoints": "VPC endpoint", "security_groups": "security group",
    "auto_scaling_groups": "Auto Scaling group", "capacity_providers": "capacity provider",
    "repositories": "repository", "tasks": "standalone task", "fargate_profiles": "Fargate profile",
    "workloads": "workload", "service_accounts": "service account", "access_points": "access point",
    "buckets": "bucket", "endpoint_services": "endpoint service", "node_groups": "node group",
}

LIST_ITEM = {
    "permissions": "permission", "port_mappings": "port mapping", "listeners": "listener", "rules": "rule",
    "mount_points": "mount point", "secrets": "secret", "app_calls": "application call", "steps": "step",
    "target_tracking": "target tracking policy", "step_scaling": "step scaling policy",
    "scheduled": "scheduled action", "capacity_provider_strategy": "strategy item", "selectors": "selector",
    "ingress": "inbound rule", "lifecycle_rules": "lifecycle rule", "policy": "policy statement",
}

READABLE = {"network": "VPC", "cluster": "cluster", "ecr": "ECR", "eks": "EKS", "auto_scaling": "service auto scaling"}


def _unwrap(annotation: Any) -> Any:
    """Drop None from an optional type."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def type_at(path: Path, root: type = Design) -> Any:
    """The vocabulary type at a path (None when the path leaves the vocabulary)."""
    current: Any = root
    for part in path:
        current = _unwrap(current)
        origin = get_origin(current)
        if dataclasses.is_dataclass(current):
            current = _hints(current).get(str(part))
        elif origin is dict:
            current = get_args(current)[1]
        elif origin is list:
            current = get_args(current)[0]
        else:
            return None
        if current is None:
            return None
    return _unwrap(current)


def enum_at(path: Path) -> type[Enum] | None:
    """The enum class at a path, if the key is a closed vocabulary."""
    found = type_at(path)
    return found if isinstance(found, type) and issubclass(found, Enum) else None


def describe(path: Path) -> str:
    """A readable name: ('task_definitions','orders','task_role') -> "the task role of task definition 'orders'"."""
    parts: list[str] = []
    index = 0
    while index < len(path):
        part = path[index]
        if part in SINGULAR and index + 1 < len(path):
            parts.append(f"{SINGULAR[part]} '{path[index + 1]}'")
            index += 2
            continue
        if isinstance(part, int):
            previous = path[index - 1] if index else None
            if parts and previous in LIST_ITEM:
                parts[-1] = f"{LIST_ITEM[previous]} {part + 1}"
            else:
                parts.append(f"item {part + 1}")
        else:
            parts.append(READABLE.get(part, str(part).replace("_", " ")))
        index += 1
    if not parts:
        return "the design"
    head, owners = parts[-1], list(reversed(parts[:-1]))
    return " of ".join([f"the {head}", *owners])


def render_value(value: Any) -> str:
    """A compact rendering of a design value for sentences."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "action" in value:
            return f"{value['action']} on {value.get('resource', '*')}"
        inner = ", ".join(f"{k} {render_value(v)}" for k, v in value.items())
        return f"{{{inner}}}" if inner else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    return str(value)
