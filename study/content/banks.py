"""Load question banks: every problem collected with file:line, one bad question never hides another."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .bank_format import (
    HEADER_ADAPTER,
    QUESTION_ADAPTER,
    BankHeader,
    QuestionKind,
    QuestionSpec,
    base_names,
    with_bank_topic,
)
from .bases import Bases, ExtendsError, extend_question, read_bases, unused_bases
from .choice_refs import bare_citations, unknown_citations
from .node_scan import NodeScan, scan
from .problems import Problem, Severity
from .raw_html import html_problems
from .safe_yaml import Spot, YamlProblem, collector_paused, construct, line_of, parse, read_text

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Bank:
    """A loaded bank: its header, its valid questions, and where it came from."""

    id: str
    title: str
    description: str
    path: Path
    questions: tuple[QuestionSpec, ...]
    lines: dict[str, dict[Path_, int]] = field(default_factory=dict, compare=False)
    bases: dict[str, dict] = field(default_factory=dict, compare=False)  # resolved situations by base name

    def question_line(self, question_id: str) -> int:
        """Line of the question's id in the file, for messages."""
        return self.line(question_id, ("id",))

    def line(self, question_id: str, path: Path_) -> int:
        """Line of the key at `path` inside the question, or of its nearest parent that the file has."""
        lines = self.lines.get(question_id, {})
        path = tuple(str(part) for part in path)  # list indexes and map keys alike, as the model's paths give them
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return lines.get(("id",), 0)


@dataclass
class LoadResult:
    """Banks that loaded and every problem found on the way."""

    banks: list[Bank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that make a bank invalid."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """YAML files named directly or found under the given directories, sorted (folders named *.yaml are folders)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            files.append(path)
    return files


def load_banks(paths: Iterable[Path]) -> LoadResult:
    """Load every bank file; duplicate bank ids are reported on both sides; no file at all is an error."""
    result = LoadResult()
    paths = list(paths)
    files = bank_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths) or "."
        result.problems.append(Problem(where, 0, "", "", "no banks found (no .yaml or .yml file); check the path"))
    for path in files:
        with collector_paused():  # parsing and validating build many objects and no garbage cycles
            bank, problems = load_bank_file(path)
        result.problems += problems
        if bank is not None:
            result.banks.append(bank)
    seen: dict[str, Bank] = {}
    for bank in result.banks:
        if bank.id in seen:
            for a, b in ((bank, seen[bank.id]), (seen[bank.id], bank)):
                result.problems.append(Problem(str(a.path), 1, "", "bank", f"bank id '{a.id}' is also used by {b.path}; give each bank its own id"))
        seen.setdefault(bank.id, bank)
    return result


def load_bank_file(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Read one file; returns the bank (None when unreadable) and the problems found."""
    name = str(path)
    try:
        root = parse(read_text(path))
        scanned = scan(root)  # measures the graph before anything is built from it
        data = construct(root)
    except OSError as error:
        return None, [Problem(name, 0, "", "", f"cannot read the file ({error.strerror}); check the path and permissions")]
    except YamlProblem as error:
        advice = "" if ";" in str(error) else "; fix the YAML"
        return None, [Problem(name, error.line, "", "", f"{error}{advice}")]
    if not isinstance(data, dict):
        return None, [Problem(name, 1, "", "", "a bank must be a map with bank, title and questions; see docs/authoring.md")]
    return _read_bank(path, root, data, scanned)


def _read_bank(path: Path, root: yaml.Node, data: dict, scanned: NodeScan) -> tuple[Bank | None, list[Problem]]:
    name = str(path)
    spots = scanned.spots
    problems: list[Problem] = [_spot_problem(name, data, spot) for spot in spots]
    broken = {spot.path[1] for spot in spots if spot.path[:1] == ("questions",) and len(spot.path) > 1}
    in_a_base = {str(spot.path[1]) for spot in spots if spot.path[:1] == ("bases",) and len(spot.path) > 1}
    header_broken = any(spot.path[:1] != ("questions",) and not (spot.path[:1] == ("bases",) and len(spot.path) > 1) for spot in spots)
    bases, found = read_bases(name, root, data.get("bases"), in_a_base)
    problems += found
    questions_data = data.get("questions", [])
    header_data = {k: v for k, v in data.items() if k not in ("questions", "bases")}
    try:
        header: BankHeader | None = HEADER_ADAPTER.validate_python(header_data)
    except ValidationError as error:
        header = None
        problems += _validation_problems(name, root, (), "", error)
    if not isinstance(questions_data, list):
        problems.append(Problem(name, line_of(root, ("questions",)), "", "questions", "must be a list of questions"))
        questions_data = []
    questions, lines, question_lines = [], {}, _lines_by_question(scanned.lines)
    topic = header.topic if header is not None else None
    for index, raw in enumerate(questions_data):
        question, found, from_bases = _read_question(name, root, index, with_bank_topic(raw, topic), bases)
        problems += found
        if question is not None and index not in broken:
            questions.append(question)
            lines[question.id] = {**from_bases, **question_lines.get(index, {})}
    problems += _duplicate_ids(name, root, questions_data)
    problems += unused_bases(bases, {b for q in questions for b in base_names(q.extends)}, name)
    if header is None or header_broken:
        return None, problems
    return Bank(header.bank, header.title, header.description, path, tuple(questions), lines, bases.situations), problems


def _lines_by_question(key_lines: dict[Path_, int]) -> dict[int, dict[Path_, int]]:
    """For each question (by index), the line of every key inside it, by its path in the question."""
    found: dict[int, dict[Path_, int]] = {}
    for path, line in key_lines.items():
        if len(path) > 2 and path[0] == "questions" and isinstance(path[1], int):
            found.setdefault(path[1], {})[tuple(str(part) for part in path[2:])] = line
    return found


def _spot_problem(name: str, data: dict, spot: Spot) -> Problem:
    """A scan's finding as a problem of its question (or of the bank's header)."""
    questions = data.get("questions")
    qid, fld = "", ".".join(str(p) for p in spot.path)
    if spot.path[:1] == ("questions",) and len(spot.path) > 1 and isinstance(questions, list):
        index = spot.path[1]
        qid = _question_id(questions[index], index) if isinstance(index, int) and index < len(questions) else ""
        fld = ".".join(str(p) for p in spot.path[2:])
    return Problem(name, spot.line, qid, fld, spot.message)


def _question_id(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"]
    return f"question #{index + 1}"


def _read_question(name: str, root: yaml.Node, index: int, raw: Any,
                   bases: Bases) -> tuple[QuestionSpec | None, list[Problem], dict[Path_, int]]:
    """One question on its bases; also returns the lines its situation's keys have in the bases."""
    qid = _question_id(raw, index)
    base = ("questions", index)
    if not isinstance(raw, dict):
        return None, [Problem(name, line_of(root, base), qid, "", "a question must be a map; see docs/authoring.md")], {}
    try:
        raw, from_bases = extend_question(bases, raw)
    except ExtendsError as error:
        return None, [Problem(name, line_of(root, (*base, "extends")), qid, "extends", str(error))], {}
    try:
        question = QUESTION_ADAPTER.validate_python(raw)
    except ValidationError as error:
        return None, _validation_problems(name, root, base, qid, error), {}
    problems = [Problem(name, line_of(root, (*base, *path)), qid, fld, msg, sev)
                for path, fld, msg, sev in shape_problems(question)] + html_problems(name, root, base, qid, question)
    return (question if not any(p.severity is Severity.ERROR for p in problems) else None), problems, from_bases


def shape_problems(q: QuestionSpec) -> list[tuple[tuple, str, str, Severity]]:
    """Checks across fields: key against choices and kind, choice ids, choice counts."""
    found: list[tuple[tuple, str, str, Severity]] = _empty_text(q)
    ids = q.choice_ids
    for letter in sorted({i for i in ids if ids.count(i) > 1}):
        found.append((("choices",), "choices", f"choice id {letter} is used twice; give each choice its own letter", Severity.ERROR))
    if q.kind is QuestionKind.NUMERIC:
        for name in q.params:
            if "{" + name + "}" not in q.stem:
                found.append((("stem",), "stem", f"parameter {name!r} is drawn but the stem never shows it; "
                              f"write {{{name}}} where the learner should read its value", Severity.ERROR))
        if q.scenario.ask is None:
            found.append((("scenario",), "scenario.ask", "a numeric question needs scenario.ask naming the quantity to compute", Severity.ERROR))
        if q.key is None:
            found.append((("key",), "key", "a numeric question needs its answer as key, e.g. key: 5", Severity.ERROR))
        elif not isinstance(q.key, (int, float)):
            found.append((("key",), "key", f"a numeric question's key is a number, got {q.key!r}", Severity.ERROR))
        elif not math.isfinite(q.key):
            found.append((("key",), "key", f"the key must be a finite number, got {q.key}", Severity.ERROR))
        if not math.isfinite(q.tolerance):
            found.append((("tolerance",), "tolerance", f"the tolerance must be a finite number, got {q.tolerance}", Severity.ERROR))
        return found
    if len(ids) < 2:
        found.append((("choices",), "choices", "needs at least two choices", Severity.ERROR))
    keys = q.key if isinstance(q.key, list) else []
    if not keys:
        found.append((("key",), "key", f"give the key as a list of choice ids, e.g. [{ids[0] if ids else 'A'}]", Severity.ERROR))
    for letter in keys:
        if letter not in ids:
            found.append((("key",), "key", f"'{letter}' is not a choice id (choices: {', '.join(ids)})", Severity.ERROR))
    wanted = 1 if q.kind is QuestionKind.SINGLE else q.choose
    if keys and len(keys) != wanted:
        found.append((("key",), "key", f"a {q.kind.value} question needs {wanted} key(s), got {len(keys)}", Severity.ERROR))
    if q.combine_lists.value != "replace" and not q.combined:
        found.append((("combine_lists",), "combine_lists", "combine_lists applies only to combined questions; set "
                      "combined: true or remove it", Severity.ERROR))
    if q.kind is QuestionKind.CHOOSE and q.choose < 2:
        found.append((("choose",), "choose", "a choose question picks at least 2; use kind single for one", Severity.ERROR))
    expected = 4 if q.kind is QuestionKind.SINGLE else 5
    if len(ids) != expected and len(ids) >= 2:
        found.append((("choices",), "choices", f"exam items have {expected} choices here; this one has {len(ids)}", Severity.WARNING))
    return found + citation_problems(q)


CHOICE_REF_HINT = "the choice id in braces"


def citation_problems(q: QuestionSpec) -> list[tuple[tuple, str, str, Severity]]:
    """Explanations cite choices as {A}, never by a bare letter (choices are shuffled when shown)."""
    found = [(("explanation",), "explanation",
              f"cites choices by a bare letter in {cited!r}; choices are shuffled for learners, so write "
              f"{CHOICE_REF_HINT} (for example ({{A}}) or ({{A}}, {{D}})) and each page shows the letter it displays",
              Severity.ERROR) for cited in bare_citations(q.explanation)]
    for letter in unknown_citations(q.explanation, q.choice_ids):
        found.append((("explanation",), "explanation", f"cites {{{letter}}}, which is not a choice of this question "
                      f"(choices: {', '.join(q.choice_ids)})", Severity.ERROR))
    return found


def _empty_text(q: QuestionSpec) -> list[tuple[tuple, str, str, Severity]]:
    """A stem or a choice with no visible text."""
    found = []
    if not q.stem.strip():
        found.append((("stem",), "stem", "the stem is empty; write the situation and the question", Severity.ERROR))
    for index, choice in enumerate(q.choices):
        if not choice.text.strip():
            found.append((("choices", index, "text"), f"choices.{choice.id}.text",
                          "the choice's text is empty; write what the learner reads", Severity.ERROR))
    return found


def _duplicate_ids(name: str, root: yaml.Node, questions_data: list) -> list[Problem]:
    positions: dict[str, list[int]] = {}
    for index, raw in enumerate(questions_data):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            positions.setdefault(raw["id"], []).append(index)
    problems = []
    for qid, indexes in positions.items():
        if len(indexes) > 1:
            lines = [line_of(root, ("questions", i, "id")) for i in indexes]
            for i, line in zip(indexes, lines, strict=True):
                others = ", ".join(str(x) for x in lines if x != line)
                problems.append(Problem(name, line, qid, "id", f"id is used again at line {others}; ids must be unique in a bank"))
    return problems


def _validation_problems(name: str, root: yaml.Node, base: tuple, qid: str, error: ValidationError) -> list[Problem]:
    problems = []
    for e in error.errors():
        loc = tuple(e["loc"])
        fld = ".".join(str(p) for p in loc)
        problems.append(Problem(name, line_of(root, (*base, *loc)), qid, fld, _explain(e)))
    return problems


def _explain(e: dict) -> str:
    """Pydantic's message with what came in and what to do."""
    kind = e["type"]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return "unknown key; check the spelling against docs/vocabulary.md and docs/authoring.md"
    if kind in ("missing", "missing_argument"):
        if tuple(e["loc"]) == ("topic",):
            return "required key is missing; add it, or give the bank a `topic:` for every question that names none"
        return "required key is missing; add it"
    if kind == "union_tag_not_found":
        return f"say which kind this is with the key {e['ctx']['discriminator']}; see docs/vocabulary.md"
    if kind == "union_tag_invalid":
        return (f"{e['ctx']['discriminator']} is {e['ctx']['tag']!r}, which is not a known kind; "
                f"use one of {e['ctx']['expected_tags']} (see docs/vocabulary.md)")
    value = e.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return f"{e['msg'].rstrip('.')} (got {shown[:60]})"
