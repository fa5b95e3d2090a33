"""What would make a rejected choice right: the smallest change to its design that passes.

Candidates, smallest first: one key the choice sets given another value the vocabulary allows, one
change of the choice left out, one list item taken away, one value, item, entry or mapping another
choice sets, one list item moved to the same list of a sibling (a permission moved from one role to
another). When no single change passes, pairs of the first candidates are tried, within a budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .deploy import Deployment, deploy
from .evaluate import DesignError, meets_all, read_merged
from .fix_sentences import ChangeKind, Said, claim_sentence, one_of, sentence
from .merge import merge_patch
from .paths import Path, enum_at, type_at
from .scenario import Scenario
from .wording import at

MAX_CANDIDATES = 400
PAIR_POOL = 10
"""Pairs are drawn from this many single candidates (45 pairs at most), at least one part of each set by
another choice. On the bundled banks 10 finds 338 fixes where 14 finds 345 at 20% more search time."""

REFERENCES = {
    "task_role": ("roles",), "execution_role": ("roles",), "instance_profile": ("roles",),
    "pod_execution_role": ("roles",), "irsa_role": ("roles",), "pod_identity_role": ("roles",),
    "target_group": ("target_groups",), "default_target_group": ("target_groups",), "resource_label": ("target_groups",),
    "file_system": ("file_systems", "buckets"), "task_definition": ("task_definitions",),
}

DROP = object()
"""An edit value that takes a key out of the patch (the situation's value then stays)."""


@dataclass(frozen=True)
class Edit:
    """One edit of a choice's patch: set a path to a value, merge a mapping into it, or DROP it."""

    path: Path
    value: Any
    merge: bool = False


@dataclass(frozen=True)
class Change:
    """One candidate change: how it edits the patch and what a sentence says about it."""

    kind: ChangeKind
    path: Path
    value: Any
    edits: tuple[Edit, ...]
    old: Any = None
    to: Path = ()


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every leaf and every list in a patch, with its path."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    else:
        yield path, value


def _mappings(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict]]:
    """Every non-empty mapping below the top-level sections of a patch, outermost first."""
    if isinstance(value, dict):
        if len(path) >= 2 and value:
            yield path, value
        for k, v in value.items():
            yield from _mappings(v, (*path, k))


def _apply(patch: dict, edits: Sequence[Edit]) -> dict:
    """The patch with the edits made; only the mappings on an edited path are copied (None stays in the
    patch: it deletes from the situation)."""
    for edit in edits:
        patch = _edited(patch, edit.path, edit)
    return patch


def _edited(node: Any, path: Path, edit: Edit) -> dict:
    """A copy of one mapping on the edit's path, with the edit made below it."""
    result = dict(node) if isinstance(node, dict) else {}  # a None here deleted the mapping; the edit brings part back
    head = path[0]
    if len(path) > 1:
        result[head] = _edited(result.get(head), path[1:], edit)
    elif edit.value is DROP:
        result.pop(head, None)
    elif edit.merge and isinstance(result.get(head), dict):
        result[head] = merge_patch(result[head], edit.value)
    else:
        result[head] = edit.value
    return result


def _alternatives(path: Path, current: Any, merged: dict, others: Sequence[dict]) -> list[Any]:
    """Other values the vocabulary allows at this path, most plausible first."""
    values: list[Any] = [at(o, path) for o in others]
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


def _candidates(patch: dict, merged: dict, others: Sequence[dict]) -> Iterator[Change]:
    """Every single change, smallest first (see the module docstring)."""
    for path, value in _leaves(patch):
        if not path or isinstance(value, (list, dict)):
            continue
        for alternative in _alternatives(path, value, merged, others):
            yield Change(ChangeKind.SET, path, alternative, (Edit(path, alternative),), old=value)
    for path, value in _leaves(patch):
        if isinstance(value, list):
            for index, item in enumerate(value):
                smaller = [v for i, v in enumerate(value) if i != index]
                yield Change(ChangeKind.REMOVE, path, item, (Edit(path, smaller),))
        elif path:
            yield Change(ChangeKind.KEEP, path, None, (Edit(path, DROP),), old=value)
    yield from _additions(patch, merged, others)
    yield from _adoptions(patch, merged, others)
    yield from _moves(patch, merged)


def _additions(patch: dict, merged: dict, others: Sequence[dict]) -> Iterator[Change]:
    """A value or a list item another choice sets, one at a time."""
    for other in others:
        for path, value in _leaves(other):
            mine = at(patch, path)
            if not path or mine == value or value is None:
                continue
            if isinstance(value, list) and isinstance(mine, list):
                for item in value:
                    if item not in mine:
                        yield Change(ChangeKind.ADD, path, item, (Edit(path, [*mine, item]),))
                continue
            yield Change(ChangeKind.ADOPT, path, value, (Edit(path, value, merge=True),), old=at(merged, path))


def _adoptions(patch: dict, merged: dict, others: Sequence[dict]) -> Iterator[Change]:
    """A whole entry or mapping another choice sets (a new role, a service's auto scaling)."""
    for other in others:
        for path, value in _mappings(other):
            if type_at(path) is None or at(patch, path) == value:
                continue
            if len(value) > 1 or at(merged, path) is None:  # one key of a present mapping is a single addition
                yield Change(ChangeKind.ADOPT, path, value, (Edit(path, value, merge=True),))


def _moves(patch: dict, merged: dict) -> Iterator[Change]:
    """Move a list item to the same-named list of a sibling entry (e.g. from one role to another)."""
    for path, value in _leaves(patch):
        if not isinstance(value, list) or len(path) < 3:
            continue
        collection, owner, field = path[:-2], path[-2], path[-1]
        siblings = at(merged, collection) or {}
        for index, item in enumerate(value):
            for sibling in siblings:
                if sibling == owner or type_at((*collection, sibling, field)) is None:
                    continue
                if not isinstance(at(merged, (*collection, sibling)), dict):
                    continue  # a sibling that is a list or a value (e.g. a service's strategy) has no field to move to
                to = (*collection, sibling, field)
                edits = (Edit(path, [v for i, v in enumerate(value) if i != index]),
                         Edit(to, [*(at(merged, to) or []), item]))
                yield Change(ChangeKind.MOVE, path, item, edits, to=to)


def _passes(scenario: Scenario, patch: dict, situation: Deployment | None = None) -> bool:
    try:
        deployment: Deployment = deploy(read_merged(scenario.situation, patch, situation.design if situation else None), situation)
    except DesignError:
        return False
    return meets_all(deployment, scenario.requirements)


def _said(change: Change, merged: dict, scenario: Scenario) -> str:
    """The change in words, about the choice's design before the change."""
    return sentence(change.kind, Said(change.path, change.value, change.old, merged, scenario.situation, change.to))


def _independent(first: Change, second: Change) -> bool:
    """Two changes that edit different places (neither path inside the other)."""
    return all(a.path[:len(b.path)] != b.path[:len(a.path)] for a in first.edits for b in second.edits)


def smallest_fix(scenario: Scenario, choices: Sequence[Any], choice_id: str, situation: Deployment | None = None) -> str | None:
    """The sentence for the smallest change that makes the choice pass, or None when none is found."""
    choice = next(c for c in choices if c.id == choice_id)
    statements = getattr(choice, "statements", None) or []
    if choice.claims or statements:
        return _claim_fix(choice, situation, scenario)
    patch = choice.design or {}
    merged = merge_patch(scenario.situation, patch)
    others = [c.design or {} for c in choices if c.id != choice_id]
    seen: set[str] = set()
    tried: list[Change] = []
    for change in itertools.islice(_candidates(patch, merged, others), MAX_CANDIDATES):
        if _new_patch(_apply(patch, change.edits), seen, scenario, situation):
            return one_of([_said(change, merged, scenario)])
        tried.append(change)
    for first, second in _pairs(tried):
        if _independent(first, second) and _new_patch(_apply(patch, first.edits + second.edits), seen, scenario, situation):
            return one_of([_said(first, merged, scenario), _said(second, merged, scenario)])
    return None


def _new_patch(patch: dict, seen: set[str], scenario: Scenario, situation: Deployment | None) -> bool:
    """Whether the patch passes; a patch already tried (two candidates can make the same one) is not run again."""
    marker = repr(patch)
    if marker in seen:
        return False
    seen.add(marker)
    return _passes(scenario, patch, situation)


def _pairs(tried: list[Change]) -> Iterator[tuple[Change, Change]]:
    """Pairs with at least one part another choice sets (the usual missing half), from the first candidates."""
    borrowed = [c for c in tried if c.kind in (ChangeKind.ADOPT, ChangeKind.ADD)][:PAIR_POOL]
    own = [c for c in tried if c.kind not in (ChangeKind.ADOPT, ChangeKind.ADD, ChangeKind.MOVE)]
    pool = (borrowed + own)[:PAIR_POOL]
    for index, first in enumerate(pool[:len(borrowed)]):
        for second in pool[index + 1:]:
            yield first, second


def _claim_fix(choice: Any, situation: Deployment | None, scenario: Scenario) -> str | None:
    """For stated values: each wrong one put right with the value the model computes.

    A false statement gets no sentence here: the verdict's reason already says what the model finds instead.
    """
    from .observe import observe

    situation = situation or deploy(read_merged(scenario.situation, None))
    wrong = []
    for claim in choice.claims:
        seen = observe(situation, claim)
        if str(seen.value) != str(claim.equals) and not (
                isinstance(seen.value, (int, float)) and isinstance(claim.equals, (int, float)) and abs(seen.value - claim.equals) < 1e-9):
            wrong.append(claim_sentence(claim, seen.value))
    said = "; ".join(wrong)
    return f"{said[0].upper()}{said[1:]}." if wrong else None
