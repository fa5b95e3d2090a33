"""Walk designs by path: the vocabulary type at a path."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import lru_cache
from typing import Any, Union, get_args, get_origin

from .vocab import Design

Path = tuple[Any, ...]


def unwrap(annotation: Any) -> Any:
    """Drop None from an optional type."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


@lru_cache(maxsize=None)
def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of a vocabulary dataclass, read once."""
    return typing.get_type_hints(cls)


def type_at(path: Path, root: type = Design) -> Any:
    """The vocabulary type at a path (None when the path leaves the vocabulary)."""
    current: Any = root
    for part in path:
        current = unwrap(current)
        origin = get_origin(current)
        if dataclasses.is_dataclass(current):
            current = field_types(current).get(str(part))
        elif origin is dict:
            current = get_args(current)[1]
        elif origin is list:
            current = get_args(current)[0]
        else:
            return None
        if current is None:
            return None
    return unwrap(current)


def enum_at(path: Path) -> type[Enum] | None:
    """The enum class at a path, if the key is a closed vocabulary."""
    found = type_at(path)
    return found if isinstance(found, type) and issubclass(found, Enum) else None
