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


def compose(text: str, limits: Limits = Limits()) -> yaml.Node | None:
    """Parse to a node graph (no Python objects yet), enforcing the limits."""
    if len(text) > limits.max_bytes or len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise YamlProblem(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MiB; split it into several banks")
    loader = _Loader(text)
    try:
        _count_values(text, limits)
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


def walk(root: yaml.Node | None) -> Iterator[tuple[tuple[Any, ...], yaml.Node]]:
    """Every node once (an alias's target only where first met), with its path."""
    seen: set[int] = set()
    stack: list[tuple[tuple[Any, ...], yaml.Node]] = [((), root)] if root is not None else []
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        if isinstance(node, yaml.MappingNode):
            stack.extend(((*path, k.value if isinstance(k, yaml.ScalarNode) else "?"), v) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node.value))))


def key_lines(root: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """The line of every key and list item, by path, so a problem can point at its own line."""
    lines: dict[tuple[Any, ...], int] = {}
    for path, node in walk(root):
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode):
                    lines.setdefault((*path, k.value), _line(k))
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                lines.setdefault((*path, i), _line(child))
    return lines


def duplicate_keys(root: yaml.Node | None) -> list[Spot]:
    """Keys given twice in one map: YAML would silently keep the last, so each repeat is a problem."""
    found = []
    for path, node in walk(root):
        if not isinstance(node, yaml.MappingNode):
            continue
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


def unusable_numbers(root: yaml.Node | None, read_as_numbers: Callable[[tuple[Any, ...]], bool] = lambda _: False,
                     limits: Limits = Limits()) -> list[Spot]:
    """Numbers the model cannot compute with: not finite (.nan, .inf, 1e999) or larger than the limit.

    YAML 1.1 reads `1e308` (no dot) as text, and the model would turn it into a number: under the
    paths `read_as_numbers` accepts, text that reads as a number is checked too.
    """
    found = []
    loader = _Loader("")
    try:
        numbers = [(path, node, _number(loader, node)) for path, node in walk(root)
                   if isinstance(node, yaml.ScalarNode) and (node.tag in _NUMBER_TAGS or _numeric_text(node, path, read_as_numbers))]
    finally:
        loader.dispose()
    for path, node, value in numbers:
        if value is None or not math.isfinite(value):
            found.append(Spot(path, _line(node), f"{node.value} is not a finite number; give a plain number"))
        elif abs(value) > limits.max_number:
            found.append(Spot(path, _line(node), f"{node.value} is larger than {limits.max_number:g}, "
                                                 "the largest number a bank may use"))
    return found


def _numeric_text(node: yaml.ScalarNode, path: tuple[Any, ...], read_as_numbers: Callable[[tuple[Any, ...]], bool]) -> bool:
    """Text such as `1e308` or `nan` where the model reads numbers."""
    if node.tag != "tag:yaml.org,2002:str" or not read_as_numbers(path):
        return False
    try:
        float(node.value)
    except ValueError:
        return False
    return True


def _number(loader: Any, node: yaml.ScalarNode) -> float | None:
    """The scalar's value as a float, through the safe constructor (it knows 0x1F, 1_000 and .inf)."""
    try:
        return float(loader.construct_object(node))
    except (ValueError, OverflowError, yaml.YAMLError):
        return None
