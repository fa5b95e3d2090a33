"""CLI commands for the web app, for the lead's `study` CLI: `study serve`, `study create-instructor`.

Wire them with `study.web.commands.register(subparsers)` inside the argparse setup of study/cli.py.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from study.web import create_app, migrate
from study.web.accounts import AccountError, create_account
from study.web.clock import system_now
from study.web.db import get_engine
from study.web.models import Role


def prepare(app) -> None:
    """Create the instance folder and bring the database to the latest migration."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    migrate.upgrade(get_engine(app))


def serve(args: argparse.Namespace) -> int:
    """Migrate, load notes and banks, and serve on 127.0.0.1 with a printed URL."""
    from werkzeug.serving import make_server

    from study.web.access import catalog

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
    from sqlalchemy.orm import Session

    with Session(get_engine(app)) as db:
        try:
            create_account(db, args.username, password, Role.INSTRUCTOR, system_now())
        except AccountError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        db.commit()
    print(f"Instructor {args.username!r} created.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `serve` and `create-instructor` to an argparse subparsers object (func= is set)."""
    serve_parser = subparsers.add_parser("serve", help="serve the web app on 127.0.0.1")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    serve_parser.set_defaults(func=serve)
    instructor = subparsers.add_parser("create-instructor", help="create an instructor account")
    instructor.add_argument("username")
    instructor.add_argument("--password", help="read from the terminal when omitted")
    instructor.set_defaults(func=create_instructor)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: python -m study.web.commands serve."""
    parser = argparse.ArgumentParser(prog="study")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
