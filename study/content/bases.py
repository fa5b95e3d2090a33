"""Shared situations: a bank's named bases, which questions extend and then patch.

A base is a situation (or a merge patch on the bases it extends itself). A question that says
`extends: NAME` starts from that situation and its own `scenario.situation` patches it with the
same JSON Merge Patch (RFC 7386) a choice's design uses. Every key keeps the line it is written on,
so a problem in a key that comes from a base points at the base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from ..ecs.merge import merge_patch
from .bank_format import BASE_ADAPTER, BASE_NAME, BaseSpec, base_names, with_bank_topic
from .problems import Problem, Severity
from .safe_yaml import key_lines, line_of

Path_ = tuple[Any, ...]
SITUATION = ("scenario", "situation")


@dataclass
class Bases:
    """The bank's bases, each resolved through what it extends, with the line of every key."""

    situations: dict[str, dict] = field(default_factory=dict)
    lines: dict[str, dict[Path_, int]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    declared_at: dict[str, int] = field(default_factory=dict)
    parents: dict[str, list[str]] = field(default_factory=dict)

    def names(self) -> str:
        """The bank's base names, for messages."""
        return ", ".join(sorted(self.declared_at)) or "none (add a `bases:` section)"


@dataclass(frozen=True)
class Extended:
    """A question's situation after its bases, and the lines its keys come from in the bases."""

    situation: dict
    lines: dict[Path_, int]


class ExtendsError(ValueError):
    """A question's `extends` names a base that does not exist or cannot be used."""


def read_bases(name: str, root: yaml.Node, raw: Any, broken: set[str]) -> tuple[Bases, list[Problem]]:
    """Read and resolve the `bases:` section; bases named in `broken` (found broken by a scan) are skipped."""
    bases = Bases(broken=set(broken))
    if raw is None:
        return bases, []
    if not isinstance(raw, dict):
        return bases, [Problem(name, line_of(root, ("bases",)), "", "bases", "must be a map of base names to bases; see docs/authoring.md")]
    specs, problems = _read_specs(name, root, raw, bases)
    all_lines = key_lines(root)
    for base in specs:
        problems += _resolve(name, root, base, specs, bases, all_lines, ())
    return bases, problems


def _read_specs(name: str, root: yaml.Node, raw: dict, bases: Bases) -> tuple[dict[str, BaseSpec], list[Problem]]:
    """Each base checked against the format; a base with problems is broken, the others still load."""
    specs: dict[str, BaseSpec] = {}
    problems: list[Problem] = []
    for base, body in raw.items():
        where = ("bases", base)
        bases.declared_at[str(base)] = line_of(root, where)
        if not isinstance(base, str) or re.fullmatch(BASE_NAME, base) is None:
            problems.append(Problem(name, line_of(root, where), "", f"bases.{base}",
                                    "a base name is lower case letters, digits and hyphens, such as fargate-alb"))
            bases.broken.add(str(base))
            continue
        try:
            specs[base] = BASE_ADAPTER.validate_python(body if body is not None else {})
            bases.parents[base] = base_names(specs[base].extends)
        except ValidationError as error:
            bases.broken.add(base)
            for e in error.errors():
                loc = tuple(e["loc"])
                problems.append(Problem(name, line_of(root, (*where, *loc)), "", ".".join(str(p) for p in ("bases", base, *loc)),
                                        f"{e['msg'].rstrip('.')}; see docs/authoring.md"))
    return specs, problems


def _resolve(name: str, root: yaml.Node, base: str, specs: dict[str, BaseSpec], bases: Bases,
             all_lines: dict[Path_, int], chain: tuple[str, ...]) -> list[Problem]:
    """Resolve one base through what it extends (depth first); unknown names and cycles break it."""
    if base in bases.situations or base in bases.broken:
        return []
    spec = specs[base]
    where = line_of(root, ("bases", base, "extends"))
    problems: list[Problem] = []
    for parent in base_names(spec.extends):
        if parent in (*chain, base):
            loop = " -> ".join((*(chain[chain.index(parent):] if parent in chain else ()), base, parent))
            problems.append(Problem(name, where, "", f"bases.{base}.extends",
                                    f"bases extend each other in a loop ({loop}); remove one of these extends"))
        elif parent not in specs and parent not in bases.broken:
            problems.append(Problem(name, where, "", f"bases.{base}.extends",
                                    f"unknown base '{parent}'; this bank's bases are: {bases.names()}"))
        else:
            problems += _resolve(name, root, parent, specs, bases, all_lines, (*chain, base))
            if parent in bases.broken:
                problems.append(Problem(name, where, "", f"bases.{base}.extends",
                                        f"extends base '{parent}', which has problems; fix that base first"))
    if problems or base in bases.broken:
        bases.broken.add(base)
        return problems
    start = extend(bases, base_names(spec.extends))
    own = {path[3:]: line for path, line in all_lines.items() if path[:3] == ("bases", base, "situation") and len(path) > 3}
    bases.situations[base] = merge_patch(start.situation, spec.situation)
    bases.lines[base] = {**start.lines, **own}
    return []


def extend(bases: Bases, names: list[str]) -> Extended:
    """The situation the named bases make, applied in order, and the line of each of its keys."""
    situation: dict = {}
    lines: dict[Path_, int] = {}
    for base in names:
        if base in bases.broken:
            raise ExtendsError(f"base '{base}' has problems (reported at its own lines); fix it first")
        if base not in bases.situations:
            raise ExtendsError(f"unknown base '{base}'; this bank's bases are: {bases.names()}")
        situation = merge_patch(situation, bases.situations[base])
        lines.update(bases.lines[base])
    return Extended(situation, lines)


def extend_question(bases: Bases, raw: dict) -> tuple[dict, dict[Path_, int]]:
    """The raw question with its situation built on its bases, and the bases' lines as question paths.

    Raises ExtendsError for an unknown or broken base. A question without `extends` comes back as it is.
    """
    names = raw.get("extends")
    if names in (None, [], ""):
        return raw, {}
    if not isinstance(names, (str, list)) or not all(isinstance(n, str) for n in base_names(names)):
        return raw, {}  # the format check reports the wrong type at its line
    start = extend(bases, base_names(names))
    scenario = raw.get("scenario")
    own = scenario.get("situation") if isinstance(scenario, dict) else None
    if not isinstance(scenario, dict) or not isinstance(own or {}, dict):
        return raw, {}  # the format check reports it
    situation = merge_patch(start.situation, own or {})
    lines = {(*SITUATION, *(str(p) for p in path)): line for path, line in start.lines.items()}
    return {**raw, "scenario": {**scenario, "situation": situation}}, lines


def standalone_questions(name: str, root: yaml.Node, data: dict) -> list[dict]:
    """A bank's raw questions with their situations written out on their bases, the bank's topic filled in and
    `extends` dropped, so each stands alone outside the bank (a copy into another bank, a generated bank)."""
    bases, _ = read_bases(name, root, data.get("bases"), set())
    return [{k: v for k, v in extend_question(bases, with_bank_topic(q, data.get("topic")))[0].items() if k != "extends"}
            for q in data.get("questions", [])]


def unused_bases(bases: Bases, extended: set[str], name: str) -> list[Problem]:
    """Bases no question extends, directly or through another base: a warning, they may be left over."""
    used: set[str] = set()
    stack = list(extended)
    while stack:
        base = stack.pop()
        if base in used:
            continue
        used.add(base)
        stack += bases.parents.get(base, [])
    return [Problem(name, line, "", f"bases.{base}", "no question extends this base; remove it or use it", Severity.WARNING)
            for base, line in sorted(bases.declared_at.items()) if base not in used and base not in bases.broken]

