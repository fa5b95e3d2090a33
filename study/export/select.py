"""What an export writes, shared by every `study export` format: load, validate, filter, check the output path.

A format never loads banks itself. The command line calls `select_items` (which refuses banks that do not
validate), the web app calls `pick_items` on the banks it already serves; both filter with a `Selection`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from study.content.banks import Bank
from study.content.notes import Note
from study.content.topics import TOPIC_TITLES
from study.export.items import Evaluate, ExportItem, export_item

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


class ExportRefused(Exception):
    """Nothing is exported: message says why, problems lists validation problems, exit_code is the exit status."""

    def __init__(self, exit_code: int, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.exit_code = exit_code
        self.message = message
        self.problems = list(problems)


@dataclass(frozen=True)
class Selection:
    """Which questions to export; each filter left empty keeps everything, filters given together all apply."""

    topics: frozenset[str] = frozenset()
    banks: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()  # note anchors "slug#section"
    questions: frozenset[str] = frozenset()  # uids "bank/question"

    def keeps(self, bank_id: str, question) -> bool:
        """True when the question passes every filter that was given."""
        return ((not self.topics or str(question.topic) in self.topics)
                and (not self.banks or bank_id in self.banks)
                and (not self.sections or bool(self.sections.intersection(question.practises)))
                and (not self.questions or f"{bank_id}/{question.id}" in self.questions))


@dataclass
class Selected:
    """The exported questions, the validated banks they come from, the notes, and each note's topic."""

    items: list[ExportItem]
    notes: list[Note] = field(default_factory=list)
    note_topics: dict[str, str] = field(default_factory=dict)  # note slug -> topic
    banks: list[Bank] = field(default_factory=list)

    def section_titles(self) -> dict[str, str]:
        """"Note: Section" by anchor, for link texts."""
        return {s.anchor: f"{n.title}: {s.title}" for n in self.notes for s in n.sections}


def pick_items(banks: Iterable[Bank], selection: Selection, evaluate: Evaluate) -> list[ExportItem]:
    """The selected questions of already loaded banks, flattened, in bank order."""
    return [export_item(bank, q, evaluate) for bank in banks for q in bank.questions if selection.keeps(bank.id, q)]


def note_topics(banks: Iterable[Bank]) -> dict[str, str]:
    """Each note's topic: the topic of most questions practising its sections (ties: topic order)."""
    order = list(TOPIC_TITLES)
    counts: dict[str, Counter] = {}
    for bank in banks:
        for question in bank.questions:
            for anchor in question.practises:
                counts.setdefault(anchor.split("#", 1)[0], Counter())[str(question.topic)] += 1
    return {slug: min(found, key=lambda t: (-found[t], order.index(t) if t in order else len(order)))
            for slug, found in counts.items()}


def unknown_names(banks: list[Bank], selection: Selection) -> list[str]:
    """A line for each --topic or --bank that names nothing, with the valid names."""
    lines = []
    bad_topics = sorted(selection.topics - set(TOPIC_TITLES))
    if bad_topics:
        valid = ", ".join(f"{t} ({title})" for t, title in TOPIC_TITLES.items())
        lines.append(f"unknown topic {', '.join(bad_topics)}; valid topics: {valid}")
    bad_banks = sorted(selection.banks - {b.id for b in banks})
    if bad_banks:
        lines.append(f"unknown bank {', '.join(bad_banks)}; valid banks: {', '.join(sorted(b.id for b in banks))}")
    return lines


def select_items(question_paths: list[Path], content_dir: Path, selection: Selection,
                 evaluate: Evaluate | None = None) -> Selected:
    """Validate banks and notes as `study validate` does, then flatten the selected questions.

    A bank left out by --bank may fail without stopping the others.
    Raises ExportRefused: exit 1 with every problem when validation finds an error, exit 2 for a
    missing path, an unknown topic or bank, or a selection that keeps no question.
    """
    from study import ecs
    from study.content.validate import validate

    missing = [str(p) for p in [*question_paths, content_dir] if not p.exists()]
    if missing:
        raise ExportRefused(EXIT_USAGE, f"no such file or directory: {', '.join(missing)}")
    report = validate(question_paths, content_dir)
    left_out = {str(b.path) for b in report.banks if selection.banks and b.id not in selection.banks}
    errors = [p for p in report.errors if p.file not in left_out]
    if errors:
        raise ExportRefused(EXIT_PROBLEMS, f"{len(errors)} error(s) in the banks or notes: fix them "
                                           "(see `study validate`); nothing exported",
                            [str(p) for p in report.problems if p.file not in left_out])
    unknown = unknown_names(report.banks, selection)
    if unknown:
        raise ExportRefused(EXIT_USAGE, "; ".join(unknown))
    items = pick_items(report.banks, selection, evaluate or ecs.evaluate_question)
    if not items:
        raise ExportRefused(EXIT_USAGE, "no question matches that choice of --topic and --bank; nothing exported")
    return Selected(items, list(report.notes.notes), note_topics(report.banks), list(report.banks))


def check_output(path: Path) -> None:
    """Refuse an output path whose folder does not exist or that is a folder (exit 2), before any work."""
    if path.is_dir():
        raise ExportRefused(EXIT_USAGE, f"{path} is a folder; give a file name inside it")
    if not path.parent.is_dir():
        raise ExportRefused(EXIT_USAGE, f"cannot write {path}: folder {path.parent} does not exist; create it first")
