"""What would make a rejected choice right: the smallest single change to its design that passes.

Candidates, smallest first: one key the choice sets given another value the vocabulary allows, one
item the choice adds taken away, one item another choice sets added, one list item moved to the
same list of a sibling (a permission moved from one role to another).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .deploy import Deployment, deploy
from .evaluate import DesignError, check_requirements, read_merged
from .merge import merge_patch
from .paths import Path, describe, enum_at, render_value, type_at
from .scenario import Scenario

MAX_CANDIDATES = 400

REFERENCES = {
    "task_role": ("roles",), "execution_role": ("roles",), "instance_profile": ("roles",),
    "pod_execution_role": ("roles",), "irsa_role": ("roles",), "pod_identity_role": ("roles",),
    "target_group": ("target_groups",), "default_target_group": ("target_groups",), "resource_label": ("target_groups",),
    "file_system": ("file_systems", "buckets"), "task_definition": ("task_definitions",),
}


@dataclass(frozen=True)
class Change:
    """One candidate change and the sentence that describes it."""

    patch: dict
    sentence: str


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every leaf and every list in a patch, with its path."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    else:
        yield path, value


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _set(patch: dict, path: Path, value: Any) -> dict:
    """A copy of the patch with one path set (None deletes through merge-patch semantics)."""
    result = copy.deepcopy(patch)
    node = result
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    return result


def _without(patch: dict, path: Path) -> dict:
    result = copy.deepcopy(patch)
    node = result
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return result


def _alternatives(path: Path, current: Any, merged: dict, others: Sequence[dict]) -> list[Any]:
    """Other values the vocabulary allows at this path, most plausible first."""
    values: list[Any] = [_get(o, path) for o in others]
    enum = enum_at(path)
    if enum is not None:
        values += [member.value for member in enum]
    if isinstance(current, bool):
        values.append(not current)
    field = path[-1] if path else None
    for collection in REFERENCES.get(field, ()):
        values += list((merged.get(collection) or {}).keys())
    if field == "provider":
        values += ["FARGATE", "FARGATE_SPOT", *((merged.get("cluster") or {}).get("capacity_providers") or {})]
    seen, result = set(), []
    for value in values:
        marker = repr(value)
        if value is not None and value != current and marker not in seen:
            seen.add(marker)
            result.append(value)
    return result


def _candidates(patch: dict, merged: dict, others: Sequence[dict], situation: dict) -> Iterator[Change]:
    for path, value in _leaves(patch):
        if not path or isinstance(value, (list, dict)):
            continue
        for alternative in _alternatives(path, value, merged, others):
            yield Change(_set(patch, path, alternative),
                         f"{describe(path)} were {render_value(alternative)} instead of {render_value(value)}")
    for path, value in _leaves(patch):
        if isinstance(value, list):
            for index, item in enumerate(value):
                smaller = [v for i, v in enumerate(value) if i != index]
                yield Change(_set(patch, path, smaller), f"{render_value(item)} were not in {describe(path)}")
        elif path:
            before = _get(situation, path)
            said = f"were {render_value(before)}" if before is not None else "were not set"
            yield Change(_without(patch, path), f"{describe(path)} {said} instead of {render_value(value)}")
    yield from _additions(patch, others)
    yield from _moves(patch, merged)


def _additions(patch: dict, others: Sequence[dict]) -> Iterator[Change]:
    for other in others:
        for path, value in _leaves(other):
            if not path or _get(patch, path) == value or value is None:
                continue
            if isinstance(value, list) and isinstance(_get(patch, path), list):
                for item in value:
                    if item not in _get(patch, path):
                        yield Change(_set(patch, path, [*_get(patch, path), item]), f"{describe(path)} also had {render_value(item)}")
                continue
            yield Change(merge_patch(patch, _set({}, path, value)), f"{describe(path)} were {render_value(value)}")


def _moves(patch: dict, merged: dict) -> Iterator[Change]:
    """Move a list item to the same-named list of a sibling entry (e.g. from one role to another)."""
    for path, value in _leaves(patch):
        if not isinstance(value, list) or len(path) < 3:
            continue
        collection, owner, field = path[:-2], path[-2], path[-1]
        siblings = _get(merged, collection) or {}
        for index, item in enumerate(value):
            for sibling in siblings:
                if sibling == owner or type_at((*collection, sibling, field)) is None:
                    continue
                if not isinstance(_get(merged, (*collection, sibling)), dict):
                    continue  # a sibling that is a list or a value (e.g. a service's strategy) has no field to move to
                target = [*(_get(merged, (*collection, sibling, field)) or []), item]
                moved = _set(_set(patch, path, [v for i, v in enumerate(value) if i != index]), (*collection, sibling, field), target)
                yield Change(moved, f"{render_value(item)} were on {describe((*collection, sibling))} "
                                    f"instead of {describe((*collection, owner))}")


def _passes(scenario: Scenario, patch: dict, situation: Deployment | None = None) -> bool:
    try:
        deployment: Deployment = deploy(read_merged(scenario.situation, patch, situation.design if situation else None), situation)
    except DesignError:
        return False
    return all(v.passed for v in check_requirements(deployment, scenario.requirements))


def smallest_fix(scenario: Scenario, choices: Sequence[Any], choice_id: str, situation: Deployment | None = None) -> str | None:
    """The sentence for the smallest change that makes the choice pass, or None when none is found."""
    choice = next(c for c in choices if c.id == choice_id)
    statements = getattr(choice, "statements", None) or []
    if choice.claims or statements:
        return _claim_fix(choice, situation, scenario, statements)
    patch = choice.design or {}
    merged = merge_patch(scenario.situation, patch)
    others = [c.design or {} for c in choices if c.id != choice_id]
    for count, change in enumerate(_candidates(patch, merged, others, scenario.situation)):
        if count >= MAX_CANDIDATES:
            break
        if _passes(scenario, change.patch, situation):
            return f"This would hold if {change.sentence}."
    return None


def _claim_fix(choice: Any, situation: Deployment | None, scenario: Scenario, statements: Sequence[Any] = ()) -> str | None:
    from .observe import observe

    situation = situation or deploy(read_merged(scenario.situation, None))
    wrong = []
    for claim in choice.claims:
        seen = observe(situation, claim)
        if str(seen.value) != str(claim.equals) and not (
                isinstance(seen.value, (int, float)) and isinstance(claim.equals, (int, float)) and abs(seen.value - claim.equals) < 1e-9):
            wrong.append(f"{claim.quantity.replace('_', ' ')} were {seen.value} instead of {claim.equals}")
    for statement in statements:
        judged = statement.judge(situation, scenario.requirements)
        if not judged.holds:
            wrong.append(f"it said what the model finds ({judged.seen}) instead of '{statement.title()}'")
    return f"This would hold if {' and '.join(wrong)}." if wrong else None
