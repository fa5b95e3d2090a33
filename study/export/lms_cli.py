"""`study export moodle|gift|qti`: select banks and topics, refuse banks that fail validation, write one file.

Heavy imports (the model, the loader) happen only when a command runs, so building the parser stays cheap.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from study import locations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2  # as `study validate`


@dataclass(frozen=True)
class LmsFormat:
    """One LMS target: its subcommand, what it is, and the usual file suffix."""

    name: str
    title: str
    suffix: str


FORMATS = (
    LmsFormat("moodle", "Moodle XML question bank", ".xml"),
    LmsFormat("gift", "GIFT text (Moodle and other LMSs)", ".gift"),
    LmsFormat("qti", "QTI 2.1 items with an IMS content package manifest, zipped", ".zip"),
)


def positive_int(text: str) -> int:
    """argparse type for --variants: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def add_lms_export_commands(export_sub) -> None:
    """`moodle`, `gift` and `qti` under `study export`."""
    for target in FORMATS:
        parser = export_sub.add_parser(target.name, help=f"write a {target.title}")
        parser.add_argument("--topic", action="append", default=[], help="only this topic (repeatable)")
        parser.add_argument("--bank", action="append", default=[], help="only this bank id (repeatable)")
        parser.add_argument("--variants", type=positive_int, default=1,
                            help="fixed variants per parameterised question (default 1: the first, proven one)")
        parser.add_argument("-o", "--output", required=True, help=f"file to write (for example bank{target.suffix})")
        parser.set_defaults(func=run_lms_export, export_format=target.name)


def add_export_command(sub) -> None:
    """`study export FORMAT ...`."""
    export = sub.add_parser("export", help="write questions for an LMS (Moodle XML, GIFT, QTI 2.1)")
    add_lms_export_commands(export.add_subparsers(dest="export_format", required=True))


def usage_error(message: str) -> int:
    """Say what is wrong with the command line; exit 2 as argparse does."""
    print(f"study export: {message}", file=sys.stderr)
    return EXIT_USAGE


def selection_problem(args: argparse.Namespace, bank_ids: list[str]) -> str:
    """What is wrong with --topic/--bank/-o, said with the valid values; empty when all is well."""
    from study.content.bank_format import Topic

    topics = [str(t) for t in Topic]
    unknown_topics = [t for t in args.topic if t not in topics]
    if unknown_topics:
        return f"unknown topic {', '.join(unknown_topics)}; valid topics: {', '.join(topics)}"
    unknown_banks = [b for b in args.bank if b not in bank_ids]
    if unknown_banks:
        return f"unknown bank {', '.join(unknown_banks)}; valid banks: {', '.join(bank_ids) or '(none found)'}"
    output = Path(args.output)
    if output.is_dir():
        return f"{output} is a folder; give a file name, for example {output / 'bank'}"
    if not output.parent.is_dir():
        return f"the folder {output.parent} does not exist; create it or write somewhere else"
    return ""


def run_lms_export(args: argparse.Namespace) -> int:
    """Load, check the selection, validate the chosen banks (any error: nothing written, exit 1), then write."""
    from study import ecs
    from study.content.banks import load_banks
    from study.content.validate import validate

    loaded = load_banks([locations.questions_dir()])
    problem = selection_problem(args, [bank.id for bank in loaded.banks])
    if problem:
        return usage_error(problem)
    banks = [b for b in loaded.banks if not args.bank or b.id in args.bank]
    report = validate([b.path for b in banks] if args.bank else [locations.questions_dir()], locations.content_dir())
    if report.errors:
        for error in report.errors:
            print(error, file=sys.stderr)
        print(f"study export: {len(report.errors)} error(s); a bank that fails `study validate` is not exported, "
              "nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    from .lms import lms_items

    items = lms_items(banks, ecs.evaluate_question, variants=args.variants, topics=args.topic)
    if not items:
        return usage_error("no question matches the chosen banks and topics")
    return write_export(args, items)


def write_export(args: argparse.Namespace, items) -> int:
    """Render with the chosen writer and say what was written."""
    from .gift import write_gift
    from .moodle import write_moodle
    from .qti import write_qti

    writers = {"moodle": write_moodle, "gift": write_gift, "qti": write_qti}
    content = writers[args.export_format](items)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        Path(args.output).write_bytes(data)
    except OSError as error:
        print(f"study export: cannot write {args.output} ({error.strerror}); check the path and permissions",
              file=sys.stderr)
        return EXIT_PROBLEMS
    kinds = Counter(item.kind for item in items)
    fixed = sum(1 for item in items if item.params)
    print(f"wrote {len(items)} question(s) to {args.output} ("
          + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) + ")"
          + (f"; {fixed} with fixed drawn values (noted in each question)" if fixed else ""), file=sys.stderr)
    return EXIT_OK
