"""A defensive YAML reader: LibYAML speed, no custom tags, bounded aliases, size and depth limits.

PyYAML 6.0.4+ loads an alias bomb cheaply because aliases become shared objects; the blow-up comes
when code walks the result. So the node graph is measured first, with each node's expanded size
memoised, and refused before any Python object is built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - LibYAML missing: slower but still safe
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may contain."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 2_000_000
    max_expanded: int = 2_000_000
    max_scalar: int = 100_000


class YamlProblem(ValueError):
    """A file that cannot be read safely; `line` is 1-based or 0 when unknown."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building many small objects otherwise triggers it constantly."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1 if node.start_mark else 0


def _measure(root: yaml.Node, limits: Limits) -> None:
    """Refuse deep, huge or alias-bombed graphs by their expanded size, each node measured once."""
    sizes: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if depth > limits.max_depth:
            raise YamlProblem(f"nesting deeper than {limits.max_depth} levels", _line(node))
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > limits.max_scalar:
                raise YamlProblem(f"a value longer than {limits.max_scalar} characters", _line(node))
            sizes[key] = 1
            distinct += 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if not children_done:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        if any(id(child) not in sizes for child in children):
            raise YamlProblem("a recursive alias (an anchor that contains itself)", _line(node))
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        distinct += 1
        if sizes[key] > limits.max_expanded:
            raise YamlProblem(f"aliases expand to more than {limits.max_expanded} nodes", _line(node))
        if distinct > limits.max_nodes:
            raise YamlProblem(f"more than {limits.max_nodes} nodes", _line(node))


def compose(text: str, limits: Limits = Limits()) -> yaml.Node | None:
    """Parse to a node graph (no Python objects yet), enforcing the limits."""
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise YamlProblem(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MiB")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _measure(node, limits)
        return node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlProblem(f"{error.problem or error.context}", mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0]) from None
    finally:
        loader.dispose()


def construct(node: yaml.Node | None) -> Any:
    """Build Python objects from a measured node graph with the safe constructors only."""
    if node is None:
        return None
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        raise YamlProblem(f"{error.problem}; only plain YAML (maps, lists, text, numbers) is allowed",
                          mark.line + 1 if mark else 0) from None
    finally:
        loader.dispose()


def line_of(root: yaml.Node | None, path: tuple[Any, ...]) -> int:
    """The 1-based line of the node at `path` (map keys and list indexes), or of its nearest parent."""
    node, line = root, _line(root) if root is not None else 0
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if match is None:
                return line
            line, node = _line(match[0]), match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = _line(node)
        else:
            return line
    return line
