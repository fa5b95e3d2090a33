"""A defensive YAML reader: LibYAML speed, no custom tags, bounded aliases, size and depth limits.

PyYAML 6.0.4+ loads an alias bomb cheaply because aliases become shared objects; the blow-up comes
when code walks the result. So the node graph is measured first, with each node's expanded size
memoised, and refused before any Python object is built.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
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
    max_nodes: int = 1_000_000
    max_expanded: int = 2_000_000
    max_scalar: int = 100_000
    max_number: float = 1e12


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


def read_text(path: Path, limits: Limits = Limits()) -> str:
    """The file as text, refused by its size before it is read; a decoding error names its line."""
    with path.open("rb") as stream:
        data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise YamlProblem(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MiB; split it into several banks")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise YamlProblem(f"byte {error.start} is not UTF-8 text ({data[error.start]:#04x}); save the file as UTF-8",
                          line) from None


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _count_values(text: str, limits: Limits) -> None:
    """Count values as the parser streams them, so a huge file is refused before its graph is built."""
    loader = _Loader(text)
    try:
        count = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > limits.max_nodes:
                    raise YamlProblem(f"more than {limits.max_nodes:,} values (maps, lists and scalars); "
                                      "split the file into several banks", event.start_mark.line + 1)
    finally:
        loader.dispose()


def parse(text: str, limits: Limits = Limits()) -> yaml.Node | None:
    """Parse to a node graph that is not measured yet: walk it whole (`walk`, `measure`) before constructing."""
    if len(text) > limits.max_bytes or len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise YamlProblem(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MiB; split it into several banks")
    loader = _Loader(text)
    try:
        _count_values(text, limits)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlProblem(f"{error.problem or error.context}", mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0]) from None
    finally:
        loader.dispose()


def compose(text: str, limits: Limits = Limits()) -> yaml.Node | None:
    """Parse to a node graph (no Python objects yet), enforcing the limits."""
    root = parse(text, limits)
    measure(root, limits)
    return root


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


def value_node(root: yaml.Node | None, path: tuple[Any, ...]) -> yaml.Node | None:
    """The node at `path` (map keys and list indexes), or None when the file has no such node."""
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


@dataclass(frozen=True)
class Spot:
    """A place in the file found by a scan: the path of keys and indexes, its line, and what is wrong."""

    path: tuple[Any, ...]
    line: int
    message: str


_Entry = tuple[tuple[Any, ...] | None, yaml.Node, int, bool]  # path (None for a key), node, depth, children done


def walk(root: yaml.Node | None, limits: Limits = Limits()) -> Iterator[tuple[tuple[Any, ...], yaml.Node]]:
    """Every value node once (an alias's target only where first met), with its path, in document order.

    The same walk refuses deep, huge or alias-bombed graphs: each node (keys too) is measured once and
    its expanded size memoised, so a bomb is refused in microseconds, before any Python object is built.
    """
    sizes: dict[int, int] = {}
    seen: set[int] = set()
    stack: list[_Entry] = [((), root, 1, False)] if root is not None else []
    while stack:
        path, node, depth, children_done = stack.pop()
        key = id(node)
        if children_done:
            _size_up(node, sizes, limits)
        elif key in sizes:  # measured already: an alias, or a key met again as a value
            if path is not None and key not in seen:
                seen.add(key)
                yield path, node
        else:
            _check_node(node, depth, limits)
            if path is not None and key not in seen:  # seen, not measured: an ancestor met again (recursive alias)
                seen.add(key)
                yield path, node
            if isinstance(node, yaml.ScalarNode):
                sizes[key] = 1
            else:
                stack.append((path, node, depth, True))
                stack.extend(reversed(_children(path, node, depth)))


def _check_node(node: yaml.Node, depth: int, limits: Limits) -> None:
    """Refuse a node nested too deep or a value too long."""
    if depth > limits.max_depth:
        raise YamlProblem(f"nesting deeper than {limits.max_depth} levels", _line(node))
    if isinstance(node, yaml.ScalarNode) and len(node.value) > limits.max_scalar:
        raise YamlProblem(f"a value longer than {limits.max_scalar} characters", _line(node))


def _children(path: tuple[Any, ...] | None, node: yaml.Node, depth: int) -> list[_Entry]:
    """A map's keys and values or a list's items, in document order; keys are measured, never yielded."""
    if isinstance(node, yaml.SequenceNode):
        return [(None if path is None else (*path, i), child, depth + 1, False) for i, child in enumerate(node.value)]
    entries: list[_Entry] = []
    for k, v in node.value:
        name = k.value if isinstance(k, yaml.ScalarNode) else "?"
        entries += [(None, k, depth + 1, False), (None if path is None else (*path, name), v, depth + 1, False)]
    return entries


def _size_up(node: yaml.Node, sizes: dict[int, int], limits: Limits) -> None:
    """A map's or list's expanded size once its children are measured; refuse it past the limits."""
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
    try:
        size = sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
    except KeyError:  # a child not measured yet is one of its own ancestors
        raise YamlProblem("a recursive alias (an anchor that contains itself)", _line(node)) from None
    if size > limits.max_expanded:
        raise YamlProblem(f"aliases expand to more than {limits.max_expanded} nodes", _line(node))
    if len(sizes) > limits.max_nodes:
        raise YamlProblem(f"more than {limits.max_nodes} nodes", _line(node))


def measure(root: yaml.Node | None, limits: Limits = Limits()) -> None:
    """Refuse deep, huge or alias-bombed graphs (a walk that only measures)."""
    for _ in walk(root, limits):
        pass


def child_lines(path: tuple[Any, ...], node: yaml.Node) -> Iterator[tuple[tuple[Any, ...], int]]:
    """The path and line of each key of a map or item of a list."""
    if isinstance(node, yaml.MappingNode):
        yield from (((*path, k.value), _line(k)) for k, _ in node.value if isinstance(k, yaml.ScalarNode))
    elif isinstance(node, yaml.SequenceNode):
        yield from (((*path, i), _line(child)) for i, child in enumerate(node.value))


def key_lines(root: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """The line of every key and list item, by path, so a problem can point at its own line."""
    lines: dict[tuple[Any, ...], int] = {}
    for path, node in walk(root):
        for child, line in child_lines(path, node):
            lines.setdefault(child, line)
    return lines


def duplicate_keys(path: tuple[Any, ...], node: yaml.Node) -> list[Spot]:
    """Keys given twice in one map: YAML would silently keep the last, so each repeat is a problem."""
    if not isinstance(node, yaml.MappingNode):
        return []
    found = []
    first: dict[tuple[str, str], int] = {}
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:merge":
            continue
        if (k.tag, k.value) not in first:
            first[(k.tag, k.value)] = _line(k)
            continue
        found.append(Spot((*path, k.value), _line(k),
                          f"key '{k.value}' is given twice (first at line {first[(k.tag, k.value)]}); "
                          "YAML would keep only the last, so remove or merge one"))
    return found


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_SCALARS = yaml.constructor.SafeConstructor()  # its scalar constructors keep nothing, so one serves every file


def unusable_number(path: tuple[Any, ...], node: yaml.Node, read_as_numbers: Callable[[tuple[Any, ...]], bool],
                    limits: Limits = Limits()) -> list[Spot]:
    """A number the model cannot compute with: not finite (.nan, .inf, 1e999) or larger than the limit.

    YAML 1.1 reads `1e308` (no dot) as text, and the model would turn it into a number: under the
    paths `read_as_numbers` accepts, text that reads as a number is checked too.
    """
    if not isinstance(node, yaml.ScalarNode):
        return []
    if node.tag not in _NUMBER_TAGS and not _numeric_text(node, path, read_as_numbers):
        return []
    value = _number(node)
    if value is None or not math.isfinite(value):
        return [Spot(path, _line(node), f"{node.value} is not a finite number; give a plain number")]
    if abs(value) > limits.max_number:
        return [Spot(path, _line(node), f"{node.value} is larger than {limits.max_number:g}, "
                                        "the largest number a bank may use")]
    return []


def _numeric_text(node: yaml.ScalarNode, path: tuple[Any, ...], read_as_numbers: Callable[[tuple[Any, ...]], bool]) -> bool:
    """Text such as `1e308` or `nan` where the model reads numbers."""
    if node.tag != "tag:yaml.org,2002:str" or not read_as_numbers(path):
        return False
    try:
        float(node.value)
    except ValueError:
        return False
    return True


def _number(node: yaml.ScalarNode) -> float | None:
    """The scalar's value as a float, through the safe constructor for its tag (it knows 0x1F, 1_000 and .inf)."""
    try:
        return float(_SCALARS.yaml_constructors[node.tag](_SCALARS, node))
    except (ValueError, OverflowError, yaml.YAMLError):
        return None
