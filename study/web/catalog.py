"""The loaded notes and question banks, indexed for the web views (no Flask, no database)."""
from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from study.content.bank_format import QuestionSpec
from study.content.banks import Bank
from study.content.notes import Note, Section
from study.content.problems import Problem, Severity
from study.content.topics import TOPIC_TITLES as TOPICS
from study.content.versions import content_hash, question_from_content
from study.ecs.question import QuestionResult

__all__ = ["TOPICS", "Catalog", "Entry", "HeldBack", "load_catalog", "rules_in"]
EVALUATIONS_KEPT = 4096  # (question, drawn values) pairs whose model verdicts stay in memory
Evaluate = Callable[[QuestionSpec, dict | None], QuestionResult]
DrawParams = Callable[[QuestionSpec, random.Random], dict]


@dataclass(frozen=True)
class Entry:
    """A question with the bank it came from and its global id "bank/question"."""

    gid: str
    bank: Bank
    question: QuestionSpec

    @cached_property
    def content_hash(self) -> str:
        """The hash of the question as served: the version a session item records."""
        return content_hash(self.question)


@dataclass(frozen=True)
class HeldBack:
    """A question version left out of every session because it fails validation, and why."""

    file: str
    question_id: str
    reasons: tuple[str, ...]
    instead: str = ""  # what learners get instead, when not nothing


class Verdicts:
    """The model's verdicts by (question content hash, drawn values), the most recent kept.

    The model takes milliseconds per question and every feedback page asks for it. Keyed by content, the
    cache holds for every catalog built from the same one, so publishing one question re-judges only it.
    """

    def __init__(self, size: int = EVALUATIONS_KEPT) -> None:
        self._kept: OrderedDict[Hashable, QuestionResult] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: Hashable, compute: Callable[[], QuestionResult]) -> QuestionResult:
        """The kept verdict for key, else compute and keep it."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        found = compute()
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return found


@dataclass
class Catalog:
    """Notes, banks and the model's evaluator, with lookups by id."""

    notes: list[Note]
    banks: list[Bank]
    evaluate: Evaluate
    draw_params: DrawParams
    problems: list[str] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    verdicts: Verdicts = field(default_factory=Verdicts, repr=False)

    def __post_init__(self) -> None:
        self._earlier: dict[str, Entry] = {}  # earlier versions rebuilt from their stored content, by hash

    @cached_property
    def entries(self) -> dict[str, Entry]:
        """Every question by global id, in bank order."""
        return {f"{bank.id}/{q.id}": Entry(f"{bank.id}/{q.id}", bank, q) for bank in self.banks for q in bank.questions}

    @cached_property
    def notes_by_slug(self) -> dict[str, Note]:
        """Notes by slug, in reading order."""
        return {n.slug: n for n in sorted(self.notes, key=lambda n: (n.order, n.slug))}

    @cached_property
    def sections(self) -> dict[str, tuple[Note, Section]]:
        """(note, section) by full anchor "slug#section-id"."""
        return {s.anchor: (n, s) for n in self.notes_by_slug.values() for s in n.sections}

    def gid_of(self, held: HeldBack) -> str:
        """The global id of a question held back from this catalog's banks ("" when its bank did not load)."""
        bank_id = next((bank.id for bank in self.banks if str(bank.path) == held.file), None)
        return f"{bank_id}/{held.question_id}" if bank_id else ""

    def entry(self, gid: str) -> Entry | None:
        """Return the question with global id gid, or None."""
        return self.entries.get(gid)

    def select(self, topics: Iterable[str] = (), sections: Iterable[str] = (),
               questions: Iterable[str] = (), banks: Iterable[str] = ()) -> list[Entry]:
        """Questions on any of the topics, practising any of the sections, named by id or in any of the banks
        (all when none given)."""
        topics, sections, questions, banks = set(topics), set(sections), set(questions), set(banks)
        if not topics and not sections and not questions and not banks:
            return list(self.entries.values())
        return [e for e in self.entries.values()
                if e.question.topic in topics or sections.intersection(e.question.practises) or e.gid in questions
                or e.bank.id in banks]

    def section_title(self, anchor: str) -> str:
        """Human title "Note: Section" for an anchor, or the anchor itself when unknown."""
        found = self.sections.get(anchor)
        if found is None:
            note = self.notes_by_slug.get(anchor.split("#")[0])
            return note.title if note else anchor
        return f"{found[0].title}: {found[1].title}"

    def earlier_version(self, gid: str, question_hash: str, stored: Callable[[], dict | None]) -> Entry | None:
        """An earlier version of a question, rebuilt from its stored content (`stored` reads it) and kept, or None
        when it is not stored (yet: a publish may store it later), no longer reads as a question, or its bank is gone."""
        found = self._earlier.get(question_hash)
        if found is None:
            bank_id = gid.split("/", 1)[0]
            bank = next((b for b in self.banks if b.id == bank_id), None)
            question = _readable(stored()) if bank is not None else None
            if question is None:
                return None
            found = self._earlier[question_hash] = Entry(gid, bank, question)
        return found

    def evaluation(self, entry: Entry, params: dict | None) -> QuestionResult:
        """The model's verdict on every choice for these drawn values."""
        drawn = tuple(sorted((params or {}).items()))
        return self.verdicts.get((entry.content_hash, drawn), lambda: self.evaluate(entry.question, dict(drawn) or None))

    def draw_seeded_params(self, question: QuestionSpec, seed: int) -> dict | None:
        """Parameters for a numeric question from a seeded generator; None for other kinds."""
        return self.draw_params(question, random.Random(seed)) if question.kind == "numeric" else None

    @cached_property
    def rule_index(self) -> dict[str, list[str]]:
        """Question ids by the model rule one of their wrong choices breaks."""
        index: dict[str, list[str]] = {}
        for entry in self.entries.values():
            if entry.question.kind != "numeric":
                for rule_id in rules_in(self.evaluation(entry, None)):
                    index.setdefault(rule_id, []).append(entry.gid)
        return index


def _readable(content: dict | None) -> QuestionSpec | None:
    """Stored content read back as a question; None when it is missing or the bank format has moved on from it."""
    if content is None:
        return None
    try:
        return question_from_content(content)
    except ValidationError:
        return None


def rules_in(result: QuestionResult, choice_ids: Iterable[str] | None = None) -> list[str]:
    """Rule ids of the findings against the given choices (all choices when None), sorted."""
    wanted = None if choice_ids is None else set(choice_ids)
    return sorted({finding.rule_id for verdict in result.choices
                   if wanted is None or verdict.choice_id in wanted
                   for requirement in verdict.requirements for finding in requirement.findings
                   if finding.rule_id})  # a false statement with no rule behind it names none


def held_back(problems: Iterable[Problem]) -> list[HeldBack]:
    """The questions that errors name, each with its reasons, in file order."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        if problem.severity is Severity.ERROR and problem.question_id:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            grouped.setdefault((problem.file, problem.question_id), []).append(f"{where}: {problem.field}: {problem.message}")
    return [HeldBack(file, qid, tuple(reasons)) for (file, qid), reasons in grouped.items()]


def load_catalog(content_dir: Path, questions_dir: Path) -> Catalog:
    """Load the notes and banks from disk, keep only the questions that validate, wire the model's evaluator in."""
    from study import ecs
    from study.content.banks import load_banks
    from study.content.notes import load_notes
    from study.content.validate import servable

    notes = load_notes(content_dir)
    loaded = load_banks([questions_dir])
    banks, failing = servable(loaded.banks, notes)
    problems = [*loaded.problems, *failing]
    return Catalog(notes=list(notes.notes), banks=banks, evaluate=ecs.evaluate_question, draw_params=ecs.draw_params,
                   problems=[str(p) for p in problems], held_back=held_back(problems))
