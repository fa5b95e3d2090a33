"""Design paths and values in words, from the vocabulary's phrases and item nouns, never from key names."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

from pydantic_core import PydanticUndefined

from .paths import Path, field_types, unwrap
from .vocab import Design
from .vocab.nouns import ITEM_NOUNS


@dataclass(frozen=True)
class Step:
    """One part of a path read against the vocabulary: a key, an entry of a map, or an item of a list."""

    part: Any
    kind: str            # "field", "entry" (a named entry of a map), or "index"
    field: str           # the vocabulary key the step belongs to
    annotation: Any      # the vocabulary type of the value at this step
    phrase: str          # the key's phrase (for entries and items: the collection's phrase)


def walk(path: Path) -> list[Step]:
    """The path step by step against the vocabulary; stops where the path leaves it."""
    steps: list[Step] = []
    current: Any = Design
    for part in path:
        current = unwrap(current)
        if dataclasses.is_dataclass(current) and isinstance(part, str) and part in field_types(current):
            info = current.__pydantic_fields__[part]
            current = field_types(current)[part]
            steps.append(Step(part, "field", part, current, info.title or part.replace("_", " ")))
        elif get_origin(current) in (dict, list) and steps:
            current = get_args(current)[-1]
            kind = "entry" if get_origin(unwrap(steps[-1].annotation)) is dict else "index"
            steps.append(Step(part, kind, steps[-1].field, current, steps[-1].phrase))
        else:
            break
    return steps


def short(phrase: str) -> str:
    """A phrase without its bracketed AWS name, for lists of settings: "task role (taskRoleArn)" -> "task role"."""
    return phrase.split(" (")[0]


def the(phrase: str) -> str:
    """The phrase with a definite article, unless it has one."""
    return phrase if phrase.startswith("the ") else f"the {phrase}"


def item_noun(field: str) -> str:
    """What one entry of the list or map `field` is called."""
    return ITEM_NOUNS.get(field, "item")


def plain(value: Any) -> str:
    """A single value in words: on/off, whole numbers without .0, enum values."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Enum):
        return str(value.value)
    return "none" if value is None else str(value)


def and_list(words: list[str]) -> str:
    """a, b and c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else "nothing"


def render(value: Any, annotation: Any) -> str:
    """A value in words: settings by their short phrases, list items by what identifies them."""
    kind = unwrap(annotation)
    if isinstance(value, list):
        inner = get_args(kind)[0] if get_origin(kind) is list else None
        return and_list([identify(v, inner) for v in value])
    if isinstance(value, dict) and dataclasses.is_dataclass(kind):
        hints = field_types(kind)
        said = [f"no {short(kind.__pydantic_fields__[k].title or k)}" if v is None  # null deletes the key
                else f"{short(kind.__pydantic_fields__[k].title or k)} {render(v, hints[k])}"
                for k, v in value.items() if k in hints]
        return ", ".join(said) or "its defaults"
    if isinstance(value, dict):
        inner = get_args(kind)[-1] if get_origin(kind) is dict else None
        return "; ".join(f"{k} ({render(v, inner)})" if isinstance(v, dict) else f"{k} {render(v, inner)}"
                         for k, v in value.items()) or "nothing"
    return plain(value)


def identify(item: Any, annotation: Any) -> str:
    """A list item by its first setting, the others in brackets: "web-cp (weight 1)"."""
    kind = unwrap(annotation)
    if not (isinstance(item, dict) and dataclasses.is_dataclass(kind)) or not item:
        return render(item, kind)
    first = next(iter(item))
    rest = {k: v for k, v in item.items() if k != first}
    head = render(item[first], field_types(kind).get(first))
    return f"{head} ({render(rest, kind)})" if rest else head


def noun(step: Step, data: Any) -> str:
    """The thing a step names: "task role (taskRoleArn)", "role orders-task", "target tracking policy on CPU"."""
    if step.kind == "field":
        return step.phrase
    if step.kind == "entry":
        return f"{item_noun(step.field)} {step.part}"
    return f"{item_noun(step.field)} {identify(data, step.annotation)}"


def at(data: Any, path: Path) -> Any:
    """The value at a path in plain data (None when it is not there)."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def owner(path: Path, design: dict) -> str:
    """Who holds the thing at the path: "the ECS agent configuration of Auto Scaling group hosts" (empty for a
    section of the design, such as the cluster's name)."""
    steps = walk(path)
    named: list[str] = []
    for index, step in enumerate(steps[:-1]):
        if step.kind == "field" and steps[index + 1].kind != "field":
            continue  # a collection: its entry names it
        if step.kind == "field" and index == 0:
            continue  # a section ("the ECS cluster") adds nothing to "Auto Scaling group hosts"
        said = noun(step, at(design, path[:index + 1]))
        named.append(the(said) if step.kind == "field" else said)
    return " of ".join(reversed(named))


def target(path: Path) -> Step | None:
    """The last step of the path (None when the path is not in the vocabulary)."""
    steps = walk(path)
    return steps[-1] if len(steps) == len(path) and steps else None


def default_of(path: Path) -> Any:
    """The vocabulary's default at a path (None when the key has none)."""
    steps = walk(path)
    if not steps or steps[-1].kind != "field" or len(steps) != len(path):
        return None
    parent = Design if len(steps) == 1 else unwrap(steps[-2].annotation)
    info = parent.__pydantic_fields__[steps[-1].part]
    if info.default_factory is not None:
        return info.default_factory()
    return None if info.default is PydanticUndefined else info.default
