"""`study export FORMAT`: the command-line side shared by every format, and the flashcard formats.

A format adds a subparser with `add_selection_arguments`, and runs `run_export` with a writer that
takes the selected items and the output path and returns a one-line summary.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from study import locations
from study.export.select import EXIT_PROBLEMS, ExportRefused, Selected, Selection, check_output, select_items

EXIT_OK = 0
Writer = Callable[[Selected, Selection, argparse.Namespace, Path], str]


def add_selection_arguments(parser: argparse.ArgumentParser, example: str) -> None:
    """--topic, --bank, --questions, --content and -o, the same for every format."""
    parser.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeatable)")
    parser.add_argument("--bank", action="append", default=[], metavar="B", help="only this bank id (repeatable)")
    parser.add_argument("--questions", nargs="+", metavar="PATH",
                        help="bank files or folders (default: the bundled questions/)")
    parser.add_argument("--content", metavar="DIR", help="notes folder (default: the bundled content/)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=f"file to write, e.g. {example}")


def selection_of(args: argparse.Namespace) -> Selection:
    """The Selection the command line asks for."""
    return Selection(topics=frozenset(args.topic), banks=frozenset(args.bank))


def run_export(args: argparse.Namespace, write: Writer) -> int:
    """Check the output path, load and validate, write; print why when nothing is written."""
    output, selection = Path(args.output), selection_of(args)
    questions = [Path(p) for p in args.questions] if args.questions else [locations.questions_dir()]
    content = Path(args.content) if args.content else locations.content_dir()
    try:
        check_output(output)
        selected = select_items(questions, content, selection)
    except ExportRefused as refused:
        for problem in refused.problems:
            print(problem)
        print(f"study export: {refused.message}", file=sys.stderr)
        return refused.exit_code
    try:
        summary = write(selected, selection, args, output)
    except OSError as error:
        print(f"study export: cannot write {output} ({error.strerror}); check the path and permissions", file=sys.stderr)
        return EXIT_PROBLEMS
    print(summary, file=sys.stderr)
    return EXIT_OK


def write_anki(selected: Selected, selection: Selection, args: argparse.Namespace, output: Path) -> str:
    """The .apkg writer behind `study export anki`."""
    from study.export.anki import write_apkg
    from study.export.flashcards import flashcards

    cards = flashcards(selected, selection, with_notes=args.notes, base_url=args.base_url or "")
    notes = write_apkg(cards, output, timestamp=time.time())
    return f"wrote {output}: {notes} notes in {len({c.deck for c in cards})} deck(s)"


def write_csv_file(selected: Selected, selection: Selection, args: argparse.Namespace, output: Path) -> str:
    """The CSV/TSV writer behind `study export csv`."""
    from study.export.csv_cards import write_csv
    from study.export.flashcards import flashcards

    cards = flashcards(selected, selection, with_notes=args.notes, base_url=args.base_url or "")
    with output.open("w", encoding="utf-8", newline="") as out:
        rows = write_csv(cards, out, tsv=args.tsv, header=not args.no_header)
    return f"wrote {output}: {rows} rows (front, back; HTML in fields)"


def site_url(text: str) -> str:
    """An http(s) address for --base-url: card links must never carry another scheme."""
    if not text.startswith(("https://", "http://")) or len(text.split("//", 1)[1].strip("/")) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a site address; give one like https://study.example.org")
    return text


def add_flashcard_options(parser: argparse.ArgumentParser) -> None:
    """--notes and --base-url, for the flashcard formats."""
    parser.add_argument("--notes", action="store_true", help="add one card per note section")
    parser.add_argument("--base-url", metavar="URL", type=site_url,
                        help="link each card to its note section on this site, e.g. https://study.example.org")


def add_export_commands(sub) -> None:
    """`study export anki|csv|moodle|gift|qti`."""
    from study.export.lms_cli import add_lms_export_commands

    export = sub.add_parser("export", help="write questions as flashcards or LMS banks")
    formats = export.add_subparsers(dest="format", required=True)
    anki = formats.add_parser("anki", help="an Anki package (.apkg): one note per question, decks by topic")
    add_selection_arguments(anki, "deck.apkg")
    add_flashcard_options(anki)
    anki.set_defaults(func=lambda args: run_export(args, write_anki))
    csv = formats.add_parser("csv", help="front,back rows (HTML fields) that Anki and Quizlet import")
    add_selection_arguments(csv, "cards.csv")
    add_flashcard_options(csv)
    csv.add_argument("--tsv", action="store_true", help="separate the two columns with a tab instead of a comma")
    csv.add_argument("--no-header", action="store_true",
                     help="rows only, without Anki's #separator and #html lines (for Quizlet)")
    csv.set_defaults(func=lambda args: run_export(args, write_csv_file))
    add_lms_export_commands(formats)
