"""The catalog learners are served: the banks folder's questions, with every published question at the
version the database serves, and banks that exist only in the database (no Flask).

Each version that is not the folder's own is checked again as `study validate` would, since the model
may have changed since it was published; one that fails is held back and the folder's version (if any)
is served instead. A folder question that fails validation is served at its newest stored version when
that one still validates: the app keeps serving the last version that validated.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from study.content.banks import Bank
from study.content.notes import NoteSet
from study.content.validate import servable
from study.content.versions import question_from_content
from study.db.served import BankHeader, Version
from study.web.catalog import Catalog, HeldBack

FROM_DATABASE = "published"  # the file name a bank that exists only in the database is shown under


@dataclass(frozen=True)
class Candidate:
    """A stored version to serve in place of the folder's, once it validates."""

    row: Version
    question: object | None  # None: the stored content no longer reads as a question
    reason: str = ""


def published_catalog(folder: Catalog, served: Iterable[Version], headers: dict[str, BankHeader],
                      last_valid: Iterable[Version] = ()) -> Catalog:
    """The folder's catalog with the served versions in place (`last_valid`: the newest stored versions of
    the folder's held-back questions; a served version wins over them)."""
    questions = {bank.id: {q.id: q for q in bank.questions} for bank in folder.banks}
    candidates: dict[str, Candidate] = {}
    for row in [*last_valid, *served]:
        entry = folder.entries.get(row.gid)
        if entry is not None and entry.content_hash == row.content_hash:
            candidates.pop(row.gid, None)
        else:
            candidates[row.gid] = _rebuilt(row)
    to_check: dict[str, dict] = {}
    for candidate in candidates.values():
        if candidate.question is not None:
            to_check.setdefault(candidate.row.bank_id, {})[candidate.row.question_id] = candidate.question
    failing = _failing(folder, _banks(folder, to_check, headers), candidates)
    for gid, candidate in candidates.items():
        if gid not in failing:
            questions.setdefault(candidate.row.bank_id, {})[candidate.row.question_id] = candidate.question
    served_ids = {f"{bank_id}/{qid}" for bank_id, found in questions.items() for qid in found}
    return Catalog(notes=folder.notes, banks=_banks(folder, questions, headers), evaluate=folder.evaluate,
                   draw_params=folder.draw_params, problems=folder.problems, verdicts=folder.verdicts,
                   held_back=[*_annotated(folder, served_ids), *failing.values()])


def _rebuilt(row: Version) -> Candidate:
    """The stored content read back as a question, or why it cannot be."""
    try:
        return Candidate(row, question_from_content(row.content))
    except ValidationError as error:
        return Candidate(row, None, f"its stored content no longer reads as a question ({error.error_count()} error(s): "
                                    f"{error.errors()[0]['msg']}); publish the bank again")


def _banks(folder: Catalog, questions: dict[str, dict], headers: dict[str, BankHeader]) -> list[Bank]:
    """A bank per id of `questions` (in its order) holding those questions: the folder's bank, or one only
    the database has; with its published title when it has one."""
    by_id = {bank.id: bank for bank in folder.banks}
    banks = []
    for bank_id, found in questions.items():
        header = headers.get(bank_id)
        bank = by_id.get(bank_id) or Bank(bank_id, bank_id, "", Path(FROM_DATABASE, bank_id), ())
        if header is not None:
            bank = replace(bank, title=header.title, description=header.description)
        banks.append(replace(bank, questions=tuple(found.values())))
    return banks


def _failing(folder: Catalog, to_check: list[Bank], candidates: dict[str, Candidate]) -> dict[str, HeldBack]:
    """The candidates that fail validation now, as held-back entries saying what is served instead."""
    _, problems = servable(to_check, NoteSet(list(folder.notes)))
    reasons: dict[str, list[str]] = {}
    for candidate in candidates.values():
        if candidate.question is None:
            reasons[candidate.row.gid] = [candidate.reason]
    bank_of_question = {(str(b.path), q.id): b.id for b in to_check for q in b.questions}
    for problem in problems:
        bank_id = bank_of_question.get((problem.file, problem.question_id))
        if bank_id:
            reasons.setdefault(f"{bank_id}/{problem.question_id}", []).append(f"{problem.field}: {problem.message}")
    return {gid: HeldBack(f"{FROM_DATABASE} version {candidates[gid].row.content_hash[:12]}", gid, tuple(found),
                          "the banks folder's version" if gid in folder.entries else "")
            for gid, found in reasons.items()}


def _annotated(folder: Catalog, served_ids: set[str]) -> list[HeldBack]:
    """The folder's held-back questions, each saying when a stored version is served in its place."""
    return [replace(held, instead="the last published version that validated") if folder.gid_of(held) in served_ids
            else held for held in folder.held_back]
