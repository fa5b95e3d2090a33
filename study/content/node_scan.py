"""One walk of a bank's node graph feeds every check that reads nodes and notes the line of every key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .safe_yaml import Spot, child_lines, duplicate_keys, unusable_number, walk
from .size_limits import oversized_counts, read_by_the_model

Path_ = tuple[Any, ...]


@dataclass
class NodeScan:
    """What the walk found: each check's spots, in document order, and the line of every key and list item."""

    repeated_keys: list[Spot] = field(default_factory=list)
    unusable_numbers: list[Spot] = field(default_factory=list)
    oversized_counts: list[Spot] = field(default_factory=list)
    lines: dict[Path_, int] = field(default_factory=dict)

    @property
    def spots(self) -> list[Spot]:
        """Every check's spots, check by check."""
        return self.repeated_keys + self.unusable_numbers + self.oversized_counts


def scan(root: yaml.Node | None) -> NodeScan:
    """Walk the graph once (refusing it past the limits) and run each check on every node."""
    found = NodeScan()
    for path, node in walk(root):
        if isinstance(node, yaml.ScalarNode):
            found.unusable_numbers += unusable_number(path, node, read_by_the_model)
            continue
        if isinstance(node, yaml.MappingNode):
            found.repeated_keys += duplicate_keys(path, node)
            found.oversized_counts += oversized_counts(path, node)
        for child, line in child_lines(path, node):
            found.lines.setdefault(child, line)
    return found
