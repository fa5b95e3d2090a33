"""The `study` command: validate and explain banks, print the schema and vocabulary, serve the app, migrate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import locations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _progress_printer(stream=sys.stderr):
    """A one-line progress bar for large banks, only on a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 200 or (done % 100 and done != total):
            return
        filled = int(30 * done / total)
        stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} questions")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate banks and notes; exit 1 on any error."""
    paths = [Path(p) for p in args.paths] or [locations.questions_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"study validate: no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    content = Path(args.content) if args.content else locations.content_dir()
    report = checked(args, paths, content)
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def checked(args: argparse.Namespace, paths: list[Path], content: Path):
    """Validate and print the report `study validate` prints (problems on stdout, the summary on stderr)."""
    from .content.validate import summary, validate

    report = validate(paths, content, with_fixes=args.fixes, progress=_progress_printer())
    for problem in report.problems:
        print(problem)
    if args.fixes:
        for where, sentence in sorted(report.fixes.items()):
            print(f"fix: {where}: {sentence}")
    if args.coverage:
        _print_coverage(report, report.notes)
    print(summary(report), file=sys.stderr)
    return report


def publish_sources(path: Path, content: str | None) -> tuple[list[Path], Path]:
    """The bank paths and notes folder of PATH: a checkout of this project (a folder holding questions/)
    publishes its questions/ against its own content/; a bank file or another folder, against --content."""
    if (path / "questions").is_dir():
        notes = path / "content"
        return [path / "questions"], Path(content) if content else notes if notes.is_dir() else locations.content_dir()
    return [path], Path(content) if content else locations.content_dir()


def cmd_publish(args: argparse.Namespace) -> int:
    """Validate like `study validate`; store nothing on any error, else store every new or changed question."""
    if args.retire:
        return web_command("retire")(args)
    if args.path is None:
        print("study publish: give a bank file, a folder of banks or a checkout, or --retire BANK/QUESTION",
              file=sys.stderr)
        return EXIT_USAGE
    path = Path(args.path)
    if not path.exists():
        print(f"study publish: no such file or directory: {path}", file=sys.stderr)
        return EXIT_USAGE
    paths, content = publish_sources(path, args.content)
    report = checked(args, paths, content)
    if report.errors:
        print("study publish: nothing was stored; fix the errors above and publish again", file=sys.stderr)
        return EXIT_PROBLEMS
    args.banks = report.banks
    return web_command("publish")(args)


def _print_coverage(report, notes) -> None:
    from .ecs.rules import RULES

    print("\nquestions per note section")
    for anchor in notes.anchors:
        print(f"  {report.coverage.sections[anchor]:4d}  {anchor}")
    print("\nquestions each rule decides")
    for rule in RULES:
        print(f"  {report.coverage.rules[rule.id]:4d}  {rule.id}  {rule.title}")


def cmd_explain(args: argparse.Namespace) -> int:
    """Print the model's verdict on every choice of one bank (or one question); exit 1 when the bank has errors."""
    from .content.explain import UnknownQuestion, explain_file
    from .content.explain_text import explanation_text

    path = Path(args.file)
    if not path.is_file():
        print(f"study explain: no such bank file: {path}; give the path of one .yaml bank", file=sys.stderr)
        return EXIT_USAGE
    try:
        explanation = explain_file(path, args.question_id)
    except UnknownQuestion as error:
        print(f"study explain: {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        json.dump(explanation.to_dict(), sys.stdout, indent=2, default=str)
        print()
    else:
        sys.stdout.write(explanation_text(explanation.to_dict()))
    for problem in explanation.problems:
        print(problem, file=sys.stderr)
    return EXIT_PROBLEMS if explanation.errors else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Print a question skeleton that validates, to append under a bank's `questions:`."""
    import re

    from .content.bank_format import QUESTION_ID, Topic
    from .content.notes import load_notes
    from .content.skeleton import SkeletonError, as_list_item, note_for_topic, skeleton, source_question

    topics = [t.value for t in Topic]
    if not re.match(QUESTION_ID, args.question_id):
        print(f"study new: {args.question_id!r} is not a question id: lower case letters, digits and hyphens, "
              "2 to 80 characters, starting with a letter or digit", file=sys.stderr)
        return EXIT_USAGE
    if args.topic not in topics:
        print(f"study new: unknown topic {args.topic!r}; choose one of {', '.join(topics)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        source = source_question(args.source) if args.source else None
    except SkeletonError as error:
        print(f"study new: {error}", file=sys.stderr)
        return EXIT_USAGE
    content = Path(args.content) if args.content else locations.content_dir()
    practises = note_for_topic(args.topic, load_notes(content))
    sys.stdout.write(as_list_item(skeleton(args.question_id, args.topic, practises, source)))
    return EXIT_OK


def cmd_schema(_args: argparse.Namespace) -> int:
    """Print the JSON Schema of bank files."""
    from .content.schema import full_bank_schema

    json.dump(full_bank_schema(), sys.stdout, indent=2, sort_keys=True)
    print()
    return EXIT_OK


def cmd_vocabulary(_args: argparse.Namespace) -> int:
    """Print docs/vocabulary.md, generated from the model's dataclasses."""
    from .content.vocabulary_doc import vocabulary_markdown

    sys.stdout.write(vocabulary_markdown())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (the web ones import the web stack only when they run)."""
    parser = argparse.ArgumentParser(prog="study", description="Exam prep for AWS container services.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check banks and notes; every key must be proven by the model")
    validate.add_argument("paths", nargs="*", help="bank files or directories (default: the bundled questions/)")
    validate.add_argument("--content", help="notes directory (default: the bundled content/)")
    validate.add_argument("--coverage", action="store_true", help="print questions per note section and per rule")
    validate.add_argument("--fixes", action="store_true", help="print what would make each wrong choice right")
    validate.set_defaults(func=cmd_validate)
    explain = sub.add_parser("explain", help="show the model's verdict, deciding rule, fix and deployment for each choice")
    explain.add_argument("file", help="one bank file")
    explain.add_argument("question_id", nargs="?", help="explain only this question")
    explain.add_argument("--json", action="store_true", help="print JSON (shape documented in docs/authoring.md)")
    explain.set_defaults(func=cmd_explain)
    new = sub.add_parser("new", help="print a question skeleton that validates (append it under a bank's questions:)")
    new.add_argument("question_id", help="the new question's id")
    new.add_argument("--topic", required=True, help="exam domain: launch-types, iam, load-balancers, volumes, auto-scaling, ecr-eks")
    new.add_argument("--from", dest="source", metavar="BANK_FILE:QUESTION-ID",
                     help="copy the scenario, kind and choice designs of an existing question")
    new.add_argument("--content", help="notes directory for the practises anchor (default: the bundled content/)")
    new.set_defaults(func=cmd_new)
    sub.add_parser("schema", help="print the JSON Schema for bank files").set_defaults(func=cmd_schema)
    sub.add_parser("vocabulary", help="print the model vocabulary reference").set_defaults(func=cmd_vocabulary)
    publish = sub.add_parser("publish", help="validate banks, then store a version of every new or changed question")
    publish.add_argument("path", nargs="?",
                         help="a bank file, a folder of banks, or a checkout (a folder with questions/)")
    publish.add_argument("--content", help="notes directory (default: the checkout's content/, else the bundled one)")
    publish.add_argument("--retire", metavar="BANK/QUESTION", help="retire a published question instead: "
                         "new sessions leave it out, its history stays")
    publish.set_defaults(func=cmd_publish, fixes=False, coverage=False)
    add_export_commands(sub)
    add_web_commands(sub)
    return parser


def add_export_commands(sub) -> None:
    """`study export FORMAT` (imports only the export package, never the web stack)."""
    from .export.commands import add_export_commands as add

    add(sub)


def web_command(name: str):
    """A subcommand that imports the web stack (Flask, the database) only when it runs."""

    def run(args: argparse.Namespace) -> int:
        from .web import commands

        return getattr(commands, name)(args)

    return run


def add_web_commands(sub) -> None:
    """`serve`, `create-instructor`, `db upgrade|downgrade|current` and `stats`."""
    serve = sub.add_parser("serve", help="migrate the database and serve the web app on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    serve.set_defaults(func=web_command("serve"))
    instructor = sub.add_parser("create-instructor", help="create an instructor account")
    instructor.add_argument("username")
    instructor.add_argument("--password", help="read from the terminal when omitted")
    instructor.set_defaults(func=web_command("create_instructor"))
    db = sub.add_parser("db", help="the database schema (STUDY_DATABASE_URL)").add_subparsers(dest="db_command", required=True)
    upgrade = db.add_parser("upgrade", help="migrate to the newest schema (run before starting new app code)")
    upgrade.add_argument("--revision", default="head")
    upgrade.set_defaults(func=web_command("db_upgrade"))
    downgrade = db.add_parser("downgrade", help="migrate back to an older revision")
    downgrade.add_argument("revision")
    downgrade.set_defaults(func=web_command("db_downgrade"))
    db.add_parser("current", help="print the schema revision; exit 1 when not the newest").set_defaults(
        func=web_command("db_current"))
    stats = sub.add_parser("stats", help="item statistics of the stored answers (STUDY_DATABASE_URL)")
    stats.add_argument("--bank", action="append", default=[], help="only this bank (repeat for more)")
    stats.add_argument("--class", dest="class_name", metavar="CLASS",
                       help="only the answers of this class's learners (its name or number, as on its page)")
    stats.add_argument("--csv", action="store_true", help="CSV with one row per question, picks and flags")
    stats.set_defaults(func=web_command("stats"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
