"""Fix sentences a person would write ("Turn on ECS_AWSVPC_BLOCK_IMDS in the ECS agent configuration of
Auto Scaling group hosts."), one template per kind of change."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args

from .paths import Path, field_types, unwrap
from .wording import (
    Step,
    and_list,
    at,
    default_of,
    identify,
    item_noun,
    noun,
    owner,
    plain,
    render,
    short,
    target,
    the,
    walk,
)


class ChangeKind(StrEnum):
    SET = "set"          # a value set to another value
    KEEP = "keep"        # a change of the choice left out: the value stays as it was
    REMOVE = "remove"    # one item taken out of a list
    ADD = "add"          # one item added to a list
    ADOPT = "adopt"      # a value, entry or mapping another choice sets, set here too
    MOVE = "move"        # a list item moved to the same list of a sibling entry


Sentence = Callable[["Said"], str]


@dataclass(frozen=True)
class Said:
    """What a sentence needs: the change's path and values, the merged design and the situation."""

    path: Path
    value: Any
    old: Any
    design: dict
    situation: dict
    to: Path = ()

    @property
    def step(self) -> Step:
        """The vocabulary step of the changed thing."""
        return target(self.path) or Step(self.path[-1] if self.path else "", "field", "", None, "this setting")

    @property
    def what(self) -> str:
        """The changed thing as a noun: "task role (taskRoleArn)", "role orders-task"."""
        return noun(self.step, at(self.design, self.path))

    @property
    def items(self) -> str:
        """The list or map the change is in: "the inline permissions of role orders-task"."""
        return the(self.step.phrase) + self.of

    def owned(self, word: str) -> str:
        """" <word> <owner>", or nothing for a section of the design."""
        held_by = owner(self.path, self.design)
        return f" {word} {held_by}" if held_by else ""

    @property
    def of(self) -> str:
        """" of <owner>", or nothing for a section of the design."""
        return self.owned("of")

    @property
    def in_(self) -> str:
        """" in <owner>", or nothing for a section of the design."""
        return self.owned("in")

    def text(self, value: Any) -> str:
        """A value at this path in words."""
        return render(value, self.step.annotation)

    def item(self, value: Any) -> str:
        """One item of the list at this path: "permission s3:GetObject (resource *)"."""
        inner = get_args(unwrap(self.step.annotation))
        return f"{item_noun(self.step.field)} {identify(value, inner[0] if inner else None)}"


def _settings(value: dict, annotation: Any) -> str:
    """Settings of a mapping as "a to 1 and b to 2" (and "remove c" for the ones set to null)."""
    kind = unwrap(annotation)
    if not dataclasses.is_dataclass(kind):
        return render(value, kind)
    hints = field_types(kind)
    named = {k: short(kind.__pydantic_fields__[k].title or k) for k in value if k in hints}
    said = and_list([f"{named[k]} to {render(v, hints[k])}" for k, v in value.items() if k in named and v is not None])
    dropped = [named[k] for k, v in value.items() if k in named and v is None]
    return f"{said}, and remove {and_list(dropped)}" if dropped else said


def _list_change(s: Said) -> str:
    """A list set to another list, said as the items that come and go."""
    added = [s.item(v) for v in s.value if v not in (s.old or [])]
    removed = [s.item(v) for v in (s.old or []) if v not in s.value]
    if added and removed:
        return f"In {s.items}, replace {and_list(removed)} with {and_list(added)}"
    if added:
        return f"Add {and_list(added)} to {s.items}"
    if removed:
        return f"Remove {and_list(removed)} from {s.items}"
    return f"Put {s.items} in the order {s.text(s.value)}"


def _set(s: Said) -> str:
    """A value set: "Set X to v in Y", "Turn on X in Y", or items added to or removed from a list."""
    if isinstance(s.value, dict):
        return _adopt(s)
    if isinstance(s.value, list) and isinstance(s.old, (list, type(None))):
        return _list_change(s)
    if s.value is None:
        return f"Remove {s.what}{s.owned('from')}"
    if isinstance(s.value, bool):
        return f"Turn {plain(s.value)} {s.what}{s.in_}"
    instead = f" instead of {s.text(s.old)}" if s.old is not None and not isinstance(s.old, dict) else ""
    return f"Set {s.what} to {s.text(s.value)}{instead}{s.in_}"


def _keep(s: Said) -> str:
    """A change of the choice left out: the situation's (or the vocabulary's default) value stays."""
    if s.old is None:
        return f"Keep {s.what}{s.in_} instead of removing it"
    before = at(s.situation, s.path)
    before = default_of(s.path) if before is None else before
    if isinstance(s.old, bool):
        return f"Leave {s.what} {plain(bool(before))}{s.in_}"
    if isinstance(s.old, dict) and before in (None, {}):
        return f"Leave out {s.what}" if s.step.kind == "entry" else f"Leave {s.what} unset{s.in_}"
    if before in (None, [], {}):
        return f"Leave {s.what} unset{s.in_} instead of setting it to {s.text(s.old)}"
    return f"Keep {s.what} at {s.text(before)}{s.in_} instead of changing it to {s.text(s.old)}"


def _remove(s: Said) -> str:
    """One item taken out of a list."""
    return f"Remove {s.item(s.value)} from {s.items}"


def _add(s: Said) -> str:
    """One item added to a list."""
    return f"Add {s.item(s.value)} to {s.items}"


def _adopt(s: Said) -> str:
    """An entry or mapping another choice sets: added whole, given, or its settings set."""
    if not isinstance(s.value, dict):
        return _set(s)
    present = at(s.design, s.path) is not None
    if s.step.kind == "entry":
        if present:
            return f"In {s.what}{s.of}, set {_settings(s.value, s.step.annotation)}"
        return f"Add {s.what}{s.owned('to')} with {render(s.value, s.step.annotation)}"
    if isinstance(at(s.design, s.path), dict) and not dataclasses.is_dataclass(unwrap(s.step.annotation)):
        return f"Add {s.what} {render(s.value, s.step.annotation)}{s.owned('to')}"  # entries of a map
    if present:
        return f"In {the(s.what)}{s.of}, set {_settings(s.value, s.step.annotation)}"
    return f"Give {owner(s.path, s.design) or 'the design'} {s.what} ({render(s.value, s.step.annotation)})"


def _move(s: Said) -> str:
    """A list item moved to the same list of a sibling entry."""
    return f"Move {s.item(s.value)}{s.owned('from')} to {owner(s.to, s.design)}"


SENTENCES: dict[ChangeKind, Sentence] = {
    ChangeKind.SET: _set, ChangeKind.KEEP: _keep, ChangeKind.REMOVE: _remove, ChangeKind.ADD: _add,
    ChangeKind.ADOPT: _adopt, ChangeKind.MOVE: _move,
}


def _new_entry(said: Said) -> Path | None:
    """The path of the first entry on the way to the change that the design does not have yet."""
    for index, step in enumerate(walk(said.path)):
        if step.kind == "entry" and at(said.design, said.path[:index + 1]) is None:
            return said.path[:index + 1]
    return None


def sentence(kind: ChangeKind, said: Said) -> str:
    """One change in words, without the final full stop; a value inside a new entry adds the entry."""
    entry = _new_entry(said) if kind in (ChangeKind.SET, ChangeKind.ADOPT) else None
    if entry and entry != said.path:
        value = said.value
        for part in reversed(said.path[len(entry):]):
            value = {part: value}
        return _adopt(dataclasses.replace(said, path=entry, value=value, old=None))
    return SENTENCES[kind](said)


def one_of(texts: list[str]) -> str:
    """The fix sentence: one change as it is, two announced as such."""
    if len(texts) == 1:
        return f"{texts[0]}."
    lowered = [t[0].lower() + t[1:] for t in texts]
    return f"No single change is enough; make two: {lowered[0]}, and {lowered[1]}."


def claim_sentence(claim: Any, value: Any) -> str:
    """A wrong statement put right: "the desired count service worker settles at is 5, not 4"."""
    from .quantities import QUANTITIES

    kind = QUANTITIES[claim.quantity]
    subject = kind.phrase.format(of=claim.of or "all services", at=claim.at or "that time")
    return f"{subject} is {_figure(value)}, not {_figure(claim.equals)}"


def _figure(value: Any) -> str:
    """A number as written, a text value in quotes."""
    return f"“{value}”" if isinstance(value, str) else plain(value)
