"""The loaded notes and question banks, indexed for the web views (no Flask, no database)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from study.web.kept import kept, params_key

TOPICS = {
    "launch-types": "Launch types and task sizing",
    "iam": "IAM roles for tasks",
    "load-balancers": "Load balancers and networking",
    "volumes": "Volumes and storage",
    "auto-scaling": "Auto scaling",
    "ecr-eks": "ECR and EKS",
}


EVALUATIONS_KEPT = 4096


@dataclass(frozen=True)
class Entry:
    """A question with the bank it came from and its global id "bank/question"."""

    gid: str
    bank: Any
    question: Any


@dataclass
class Catalog:
    """Notes, banks and the model's evaluator, with lookups by id."""

    notes: list[Any]
    banks: list[Any]
    evaluate: Callable[..., Any]
    draw_params: Callable[..., dict]
    problems: list[str] = field(default_factory=list)

    @cached_property
    def entries(self) -> dict[str, Entry]:
        """Every question by global id, in bank order."""
        return {
            f"{bank.id}/{q.id}": Entry(f"{bank.id}/{q.id}", bank, q)
            for bank in self.banks
            for q in bank.questions
        }

    @cached_property
    def notes_by_slug(self) -> dict[str, Any]:
        """Notes by slug, in reading order."""
        return {n.slug: n for n in sorted(self.notes, key=lambda n: (n.order, n.slug))}

    @cached_property
    def sections(self) -> dict[str, tuple[Any, Any]]:
        """(note, section) by full anchor "slug#section-id"."""
        return {s.anchor: (n, s) for n in self.notes_by_slug.values() for s in n.sections}

    def entry(self, gid: str) -> Entry | None:
        """Return the question with global id gid, or None."""
        return self.entries.get(gid)

    def select(self, topics: Iterable[str] = (), sections: Iterable[str] = (),
               questions: Iterable[str] = ()) -> list[Entry]:
        """Questions on any of the topics, practising any of the sections, or named by id (all when none given)."""
        topics, sections, questions = set(topics), set(sections), set(questions)
        if not topics and not sections and not questions:
            return list(self.entries.values())
        return [
            e
            for e in self.entries.values()
            if e.question.topic in topics or sections.intersection(e.question.practises) or e.gid in questions
        ]

    def section_title(self, anchor: str) -> str:
        """Human title "Note: Section" for an anchor, or the anchor itself when unknown."""
        found = self.sections.get(anchor)
        if found is None:
            note = self.notes_by_slug.get(anchor.split("#")[0])
            return note.title if note else anchor
        return f"{found[0].title}: {found[1].title}"

    def evaluation(self, entry: Entry, params: dict | None) -> Any:
        """The model's verdict on every choice, cached per question and drawn parameters."""
        cache = self.__dict__.setdefault("_evaluations", {})  # drawn parameters are many: bounded
        return kept(cache, (entry.gid, params_key(params)), lambda: self.evaluate(entry.question, params or None),
                    EVALUATIONS_KEPT)

    @cached_property
    def rule_index(self) -> dict[str, list[str]]:
        """Question ids by the model rule one of their wrong choices breaks."""
        index: dict[str, list[str]] = {}
        for entry in self.entries.values():
            if entry.question.kind == "numeric":
                continue
            for rule_id in rules_in(self.evaluation(entry, None)):
                index.setdefault(rule_id, []).append(entry.gid)
        return index


def rules_in(result: Any, choice_ids: Iterable[str] | None = None) -> list[str]:
    """Rule ids of the findings against the given choices (all choices when None), sorted."""
    wanted = None if choice_ids is None else set(choice_ids)
    found = {
        finding.rule_id
        for verdict in result.choices
        if wanted is None or verdict.choice_id in wanted
        for requirement in verdict.requirements
        for finding in requirement.findings
    }
    return sorted(found)
