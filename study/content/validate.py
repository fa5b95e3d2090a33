"""`study validate`: format, note links, and every key proven by the model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..ecs import DesignError, QuestionResult, evaluate_question
from ..ecs.evaluate import read_merged
from ..ecs.observe import QuantityError
from ..ecs.question import default_params, instantiate
from ..ecs.rules import RULES
from ..ecs.statements import statement_problems
from .bank_format import QuestionKind, QuestionSpec
from .banks import Bank, LoadResult, load_banks
from .notes import NoteSet, load_notes
from .problems import Problem, Severity


@dataclass
class Coverage:
    """How often each note section is practised and each rule decides a question."""

    sections: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)


@dataclass
class Report:
    """Everything validation found."""

    problems: list[Problem]
    coverage: Coverage
    notes: NoteSet = field(default_factory=NoteSet)
    banks: list[Bank] = field(default_factory=list)  # the banks that loaded, for commands that go on to use them
    questions: int = 0
    choices: int = 0
    fixes: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Problems that fail validation."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


Progress = Callable[[int, int], None]


def validate(bank_paths: list[Path], content: Path, with_fixes: bool = False, progress: Progress | None = None) -> Report:
    """Load notes and banks, check links, run the model on every choice, collect coverage."""
    notes = load_notes(content)
    loaded: LoadResult = load_banks(bank_paths)
    report = Report([*notes.problems, *loaded.problems], Coverage(), notes, loaded.banks)
    total = sum(len(b.questions) for b in loaded.banks)
    done = 0
    for bank in loaded.banks:
        for question in bank.questions:
            report.problems += check_question(bank, question, notes, report, with_fixes)
            done += 1
            if progress:
                progress(done, total)
    report.questions = total
    return report


def summary(report: Report) -> str:
    """The closing line of a validation: questions and choices checked, errors, warnings, what is not exercised."""
    sections, rules = uncovered(report, report.notes)
    errors = len(report.errors)
    return (f"{report.questions} questions, {report.choices} choices checked by the model: "
            f"{errors} error(s), {len(report.problems) - errors} warning(s); "
            f"{len(sections)} note section(s) and {len(rules)} rule(s) not exercised")


def servable(banks: list[Bank], notes: NoteSet) -> tuple[list[Bank], list[Problem]]:
    """Each bank with only the questions that pass every check, and the problems of those left out.

    The web app serves these, so a question whose key the model disproves never reaches a learner.
    """
    kept, problems = [], []
    scratch = Report([], Coverage(), notes)
    for bank in banks:
        passing = []
        for question in bank.questions:
            errors = [p for p in check_question(bank, question, notes, scratch, False) if p.severity is Severity.ERROR]
            problems += errors
            if not errors:
                passing.append(question)
        kept.append(replace(bank, questions=tuple(passing)))
    return kept, problems


def _problem(bank: Bank, q: QuestionSpec, fld: str, message: str, path: tuple = ()) -> Problem:
    """A problem at the line of the key at `path` in the question (the question's id line without one)."""
    return Problem(str(bank.path), bank.line(q.id, path) if path else bank.question_line(q.id), q.id, fld, message)


def design_problems(bank: Bank, q: QuestionSpec) -> list[Problem]:
    """Each vocabulary error at its own line: in the situation, or in the design of the choice that brings it."""
    scenario = instantiate(q.scenario, default_params(q))
    try:
        read_merged(scenario.situation, None)
        in_situation: list[tuple[str, str]] = []
    except DesignError as error:
        in_situation = error.problems
    found = [_design_problem(bank, q, ("scenario", "situation"), "scenario.situation", p) for p in in_situation]
    for index, choice in enumerate(q.choices):
        try:
            read_merged(scenario.situation, choice.design)
        except DesignError as error:
            found += [_design_problem(bank, q, ("choices", index, "design"), f"choices.{choice.id}.design", p)
                      for p in error.problems if p not in in_situation]
    return found


def _design_problem(bank: Bank, q: QuestionSpec, base: tuple, where: str, problem: tuple[str, str]) -> Problem:
    path, message = problem
    parts = tuple(path.split(".")) if path else ()
    return _problem(bank, q, f"{where}.{path}", f"{message}; see docs/vocabulary.md", (*base, *parts))


def check_question(bank: Bank, q: QuestionSpec, notes: NoteSet, report: Report, with_fixes: bool) -> list[Problem]:
    """Link and model checks for one question; coverage is counted on the report."""
    anchors = notes.anchors
    problems = [_problem(bank, q, "practises", f"note anchor '{a}' does not exist; see the anchors in content/*.md",
                         ("practises", q.practises.index(a))) for a in q.practises if a not in anchors]
    report.coverage.sections.update(a for a in q.practises if a in anchors)
    report.choices += len(q.choices)
    try:
        result = evaluate_question(q, with_fixes=with_fixes)
    except DesignError as error:
        return problems + (design_problems(bank, q) or [_problem(bank, q, "design", f"{error}; see docs/vocabulary.md")])
    except QuantityError as error:
        return problems + [_problem(bank, q, "scenario.ask", str(error), ("scenario", "ask"))]
    except Exception as error:  # noqa: BLE001 - a model failure on one question must not stop validation with a traceback
        return problems + [_problem(bank, q, "scenario", f"the model cannot judge this question ({type(error).__name__}: "
                                                         f"{error}); simplify the design and report it as a bug")]
    deciding = {f.rule_id for v in result.choices if not v.passes for f in v.findings}
    report.coverage.rules.update(deciding)
    for verdict in result.choices:
        if not verdict.passes and verdict.fix:
            report.fixes[f"{bank.id}/{q.id}/{verdict.choice_id}"] = verdict.fix
    if result.rule_id:
        report.coverage.rules[result.rule_id] += 1
    return problems + subject_problems(bank, q) + key_problems(bank, q, result) + variant_problems(bank, q)


def subject_problems(bank: Bank, q: QuestionSpec) -> list[Problem]:
    """Statements that name a service, volume or rule the situation does not have, each at its own line."""
    design = read_merged(instantiate(q.scenario, default_params(q)).situation, None)
    found = []
    for index, choice in enumerate(q.choices):
        for number, statement in enumerate(getattr(choice, "statements", [])):
            for fld, message in statement_problems(statement, design):
                found.append(_problem(bank, q, f"choices.{choice.id}.statements.{number}.{fld}", message,
                                      ("choices", index, "statements", number, fld)))
    return found


def variant_problems(bank: Bank, q: QuestionSpec) -> list[Problem]:
    """Drawn parameters: the variant with every range at its maximum must also yield an answer.

    The typed key is proven on the first value of each range; learners get any draw, so the far end of
    the ranges must still be a situation the model can compute.
    """
    if not q.params:
        return []
    highest = {name: r.min + (r.max - r.min) // r.step * r.step for name, r in q.params.items()}
    try:
        result = evaluate_question(q, highest, with_fixes=False)
    except (DesignError, QuantityError) as error:
        return [_problem(bank, q, "params", f"with {highest} the situation breaks: {error}; narrow the ranges", ("params",))]
    if q.kind is QuestionKind.NUMERIC and result.answer is None:
        return [_problem(bank, q, "params", f"with {highest} the model computes no answer; narrow the ranges", ("params",))]
    return []


def key_problems(bank: Bank, q: QuestionSpec, result: QuestionResult) -> list[Problem]:
    """The instructor's key against the model's."""
    if q.kind is QuestionKind.NUMERIC:
        if q.key is not None and result.answer is not None and abs(float(q.key) - float(result.answer)) > q.tolerance:
            return [_problem(bank, q, "key", f"the key says {q.key} but the model computes {result.answer}: {result.working} "
                                             f"[{result.rule_id}]", ("key",))]
        return []
    wanted = 1 if q.kind is QuestionKind.SINGLE else q.choose
    typed = set(q.key if isinstance(q.key, list) else [])
    proven = set(result.model_key)
    problems = []
    if not proven:
        problems.append(_problem(bank, q, "choices", "the model finds no right choice; every choice breaks a requirement", ("choices",)))
    elif len(proven) > wanted:
        problems.append(_problem(bank, q, "choices", f"{len(proven)} choices pass ({', '.join(sorted(proven))}) "
                                                     f"but the question asks for {wanted}; tighten the requirements or the designs",
                                 ("choices",)))
    for letter in sorted(typed - proven):
        problems.append(_problem(bank, q, "key", f"the key says {letter} but the model rejects it: {why_rejected(result, letter)}",
                                 ("key",)))
    for letter in sorted(proven - typed):
        problems.append(_problem(bank, q, "key", f"choice {letter} is not in the key but the model proves it meets every requirement",
                                 ("choices", q.choice_ids.index(letter))))
    return problems


def why_rejected(result: QuestionResult, letter: str) -> str:
    """The requirement that breaks, the rule and the note, for a key the model rejects."""
    verdict = result.verdict(letter)
    if verdict is None:
        return "no such choice"
    broken = [r for r in verdict.requirements if not r.passed]
    parts = []
    for requirement in broken:
        for finding in requirement.findings:
            parts.append(f"requirement '{requirement.title}' breaks: [{finding.rule_id} {finding.rule_title}] "
                         f"{finding.message} (note: {finding.taught_in})")
    return " ".join(parts) or "it fails"


def uncovered(report: Report, notes: NoteSet) -> tuple[list[str], list[str]]:
    """Note sections no question practises and rules that decide no question."""
    sections = [a for a in notes.anchors if report.coverage.sections[a] == 0]
    rules = [r.id for r in RULES if report.coverage.rules[r.id] == 0]
    return sections, rules
