"""The web app's commands behind `study serve`, `study create-instructor` and `study db ...`.

study/cli.py imports this module only when one of these commands runs, so `study validate` never
loads Flask.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from study.db import migrate
from study.db.models import Role
from study.web import create_app
from study.web.accounts import AccountError, create_account
from study.web.clock import system_now
from study.web.database import get_engine


def prepare(app) -> None:
    """Create the instance folder and bring the database to the latest migration."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    migrate.upgrade(get_engine(app))


def serve(args: argparse.Namespace) -> int:
    """Migrate, load notes and banks, and serve on 127.0.0.1 with a printed URL."""
    from werkzeug.serving import make_server

    from study.web.app_catalog import catalog

    app = create_app()
    prepare(app)
    with app.app_context():
        loaded = catalog()
        _ = loaded.rule_index  # evaluate every question once now rather than on the first review
    for problem in loaded.problems:
        print(problem, file=sys.stderr)
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"study: {len(loaded.entries)} questions, {len(loaded.notes)} notes")
    print(f"Serving on http://{args.host}:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def create_instructor(args: argparse.Namespace) -> int:
    """Create an instructor account (the password is read from the terminal or STDIN)."""
    app = create_app()
    prepare(app)
    password = args.password or (getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().strip())
    with Session(get_engine(app)) as db:
        try:
            create_account(db, args.username, password, Role.INSTRUCTOR, system_now())
        except AccountError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        db.commit()
    print(f"Instructor {args.username!r} created.")
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    """Bring STUDY_DATABASE_URL's schema to the newest revision (or --revision)."""
    app = create_app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    engine = get_engine(app)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine, args.revision)
    print(f"database: {before or 'empty'} -> {migrate.current_revision(engine)}")
    return 0


def db_downgrade(args: argparse.Namespace) -> int:
    """Take the schema back to an older revision (data of newer tables and columns is dropped)."""
    engine = get_engine(create_app())
    before = migrate.current_revision(engine)
    migrate.downgrade(engine, args.revision)
    print(f"database: {before} -> {migrate.current_revision(engine) or 'empty'}")
    return 0


def db_current(_args: argparse.Namespace) -> int:
    """Print the schema's revision and the newest one; exit 1 when they differ."""
    at, head = migrate.current_revision(get_engine(create_app())), migrate.head_revision()
    print(f"database at {at or 'empty'}, newest {head}")
    return 0 if at == head else 1


def _migrated_engine(app):
    """The app's engine when its schema is the newest, else None after saying what to run."""
    engine = get_engine(app)
    if migrate.current_revision(engine) != migrate.head_revision():
        print("error: the database is not at the newest schema; run `study db upgrade` first", file=sys.stderr)
        return None
    return engine


def publish(args: argparse.Namespace) -> int:
    """Store the validated banks' new and changed questions in one transaction and say what changed."""
    from study.db.publish import publish as store_versions

    engine = _migrated_engine(create_app())
    if engine is None:
        return 2
    with Session(engine) as db, db.begin():
        result = store_versions(db, args.banks, system_now())
    for label, gids in (("new", result.new), ("changed", result.changed), ("earlier version back", result.restored)):
        for gid in gids:
            print(f"{label}: {gid}")
    print(f"published: {len(result.new)} new, {len(result.changed)} changed, {len(result.restored)} earlier version(s) "
          f"back, {len(result.unchanged)} unchanged; new sessions get these versions")
    return 0


def retire(args: argparse.Namespace) -> int:
    """Retire a published question: new sessions leave it out; its versions and answers stay."""
    from study.db.publish import NotPublished
    from study.db.publish import retire as retire_versions

    engine = _migrated_engine(create_app())
    if engine is None:
        return 2
    try:
        with Session(engine) as db, db.begin():
            count = retire_versions(db, args.retire, system_now())
    except NotPublished as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"retired: {args.retire}" if count else f"{args.retire} was already retired; nothing changed")
    return 0


STATS_COLUMNS = ["bank", "question", "attempts", "right", "facility", "point_biserial", "upper_lower",
                 "open_reports", "picks", "flags", "versions", "version"]
BEFORE_VERSIONS = "none"  # the version column of answers given before versions were kept


def stats(args: argparse.Namespace) -> int:
    """Print item statistics per bank from STUDY_DATABASE_URL (a table, or CSV with --csv)."""
    import csv

    from study.db.item_stats import bank_statistics
    from study.web.app_catalog import catalog

    app = create_app()
    engine = _migrated_engine(app)
    if engine is None:
        return 2
    with app.app_context():
        banks = {bank.id: bank for bank in catalog().banks}
        unknown = sorted(set(args.bank) - banks.keys())
        if unknown:
            print(f"error: no bank {', '.join(unknown)}; the banks are: {', '.join(sorted(banks))}", file=sys.stderr)
            return 2
        writer = csv.writer(sys.stdout) if args.csv else None
        with Session(engine) as db:
            class_id, problem = _class_named(db, args.class_name)
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                return 2
            if writer:
                writer.writerow(STATS_COLUMNS)
            for bank_id in args.bank or sorted(banks):
                result = bank_statistics(db, bank_id, class_id)
                rows = [row for q in banks[bank_id].questions
                        for row in _stats_rows(db, f"{bank_id}/{q.id}", result.items.get(f"{bank_id}/{q.id}"))]
                if writer:
                    writer.writerows(rows)
                else:
                    _print_bank(result, rows)
    return 0


def _class_named(db: Session, name: str | None) -> tuple[int | None, str]:
    """The class --class names (its number, or its exact name when no other class has it), or why not."""
    from study.db.models import Classroom

    if name is None:
        return None, ""
    classes = db.execute(select(Classroom.id, Classroom.name).order_by(Classroom.id)).all()
    found = [cid for cid, title in classes if str(cid) == name] or [cid for cid, title in classes if title == name]
    if len(found) == 1:
        return found[0], ""
    listed = ", ".join(f"{cid} ({title})" for cid, title in classes) or "none yet"
    why = "several classes are named" if found else "no class is"
    return None, f"{why} {name!r}; give its number. The classes are: {listed}"


def _stats_rows(db: Session, gid: str, item) -> list[list]:
    """The CSV rows of one question: one per version answered or reported, newest first (one row of
    zeros when it has none yet); "nobody picks" is judged against each version's own choices."""
    def fmt(value):
        return "" if value is None else f"{value:.3f}"

    bank_id, question_id = gid.split("/", 1)
    if item is None:
        return [[bank_id, question_id, 0, 0, "", "", "", 0, "", "", "", ""]]
    versions = ";".join(f"{(v.question_hash or BEFORE_VERSIONS)[:12]}={v.right}/{v.attempts}" for v in item.versions)
    rows = []
    for version in item.versions:
        picks = ";".join(f"{choice}={count}" for choice, count in sorted(version.picks.items()))
        flags = "; ".join(version.flags(_choice_ids(db, gid, version.question_hash)))
        rows.append([bank_id, question_id, version.attempts, version.right, fmt(version.facility),
                     fmt(version.point_biserial), fmt(version.upper_lower), version.open_reports, picks, flags,
                     versions, (version.question_hash or BEFORE_VERSIONS)[:12]])
    return rows


def _choice_ids(db: Session, gid: str, question_hash: str | None) -> list[str]:
    """The choice ids of that version (rebuilt from its stored copy when the app serves another), else
    of the question as served."""
    from study.web.app_catalog import catalog
    from study.web.seen_version import version_entry

    entry = (version_entry(catalog(), db, gid, question_hash) if question_hash else None) or catalog().entry(gid)
    return list(entry.question.choice_ids)


def _print_bank(result, rows: list[list]) -> None:
    """A bank's summary line and one line per question version, flags last."""
    def fmt(value):
        return "-" if value is None else f"{value:.2f}"

    print(f"bank {result.bank_id}: {result.sheets} sessions, mean {fmt(result.mean)}, spread {fmt(result.spread)}, "
          f"KR-20 {fmt(result.kr20)}")
    print(f"  {'question':44} {'version':12} {'attempts':>8} {'facility':>8} {'p-bis':>6} {'U-L':>6}  flags")
    for row in rows:
        cell = dict(zip(STATS_COLUMNS, row))
        print(f"  {cell['question'][:44]:44} {cell['version'] or '-':12} {cell['attempts']:>8} "
              f"{cell['facility'] or '-':>8} {cell['point_biserial'] or '-':>6} {cell['upper_lower'] or '-':>6}  "
              f"{cell['flags']}")
