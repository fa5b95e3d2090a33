"""Counts the model simulates one by one (tasks, instances, nodes) are bounded, so no design runs for long."""

from __future__ import annotations

from typing import Any

import yaml

from .safe_yaml import Spot

MAX_COUNT = 10_000
# Keys of the design vocabulary whose value is a number of tasks, instances or nodes the model walks one by one.
# A strategy's `base` is not one: placement only compares it, and AWS accepts up to 100,000 (rule RNG03 judges it).
COUNT_KEYS = frozenset({"desired_count", "running", "min_capacity", "max_capacity", "min_size", "max_size",
                        "desired", "size", "external_instances", "count"})


def in_a_design(path: tuple[Any, ...]) -> bool:
    """Whether the path (from the bank's root) lies in a question's situation, a base's situation or a choice's design."""
    inner = path[2:]
    if path[:1] == ("bases",):
        return inner[:1] == ("situation",)
    return inner[:2] == ("scenario", "situation") or (inner[:1] == ("choices",) and inner[2:3] == ("design",))


def read_by_the_model(path: tuple[Any, ...]) -> bool:
    """Whether the model reads the value at this path: designs, claims, statements, the key, tolerance and ranges."""
    inner = path[2:]
    return in_a_design(path) or inner[:1] in (("key",), ("tolerance",), ("params",)) or \
        (inner[:1] == ("choices",) and inner[2:3] in (("claims",), ("statements",)))


def oversized_counts(path: tuple[Any, ...], node: yaml.Node) -> list[Spot]:
    """Count keys of a map in a situation or a design whose value is above MAX_COUNT, each at its own line."""
    if not isinstance(node, yaml.MappingNode):
        return []
    found = []
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value in COUNT_KEYS and isinstance(v, yaml.ScalarNode) \
                and v.tag == "tag:yaml.org,2002:int" and in_a_design((*path, k.value)) and _int(v.value) > MAX_COUNT:
            found.append(Spot((*path, k.value), v.start_mark.line + 1,
                              f"{k.value} {_int(v.value)} is more than the model simulates "
                              f"(at most {MAX_COUNT:,} tasks, instances or nodes per count); use a smaller number"))
    return found


def _int(text: str) -> int:
    """A YAML int's value, or 0 when it is written in a form the count check need not judge."""
    try:
        return int(text.replace("_", ""), 0)
    except ValueError:
        return 0
