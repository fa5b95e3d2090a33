"""`study export moodle|gift|qti`: the LMS formats on the shared export seam (study/export/commands.py)."""
from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from study.export.commands import add_selection_arguments, run_export
from study.export.select import Selected, Selection


@dataclass(frozen=True)
class LmsFormat:
    """One LMS target: its subcommand, what it is, and the usual file suffix."""

    name: str
    title: str
    suffix: str


FORMATS = (
    LmsFormat("moodle", "a Moodle XML question bank", ".xml"),
    LmsFormat("gift", "GIFT text, which Moodle and other LMSs import", ".gift"),
    LmsFormat("qti", "a zip of QTI 2.1 items with an IMS content package manifest", ".zip"),
)


def positive_int(text: str) -> int:
    """argparse type for --variants: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def add_lms_export_commands(formats) -> None:
    """`moodle`, `gift` and `qti` under `study export`."""
    for target in FORMATS:
        parser = formats.add_parser(target.name, help=target.title)
        add_selection_arguments(parser, f"bank{target.suffix}")
        parser.add_argument("--variants", type=positive_int, default=1,
                            help="fixed variants per parameterised question (default 1: the first, proven one)")
        parser.set_defaults(func=lambda args: run_export(args, write_lms), lms_format=target.name)


def write_lms(selected: Selected, selection: Selection, args: argparse.Namespace, output: Path) -> str:
    """Render the selection (with --variants per parameterised question) in the chosen LMS format."""
    from study import ecs

    from .gift import write_gift
    from .lms import lms_items
    from .moodle import write_moodle
    from .qti import write_qti

    items = lms_items(selected.banks, ecs.evaluate_question, variants=args.variants, selection=selection)
    writers = {"moodle": write_moodle, "gift": write_gift, "qti": write_qti}
    content = writers[args.lms_format](items)
    output.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    kinds = Counter(item.kind for item in items)
    fixed = sum(1 for item in items if item.params)
    return (f"wrote {len(items)} question(s) to {output} ("
            + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) + ")"
            + (f"; {fixed} with fixed drawn values (noted in each question)" if fixed else ""))
