"""Instructor pages for question versions: retire a question from its reports, diff two versions."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from study.content.versions import content_diff
from study.db.publish import publish, question_versions, retire
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import instructor_required

bp = Blueprint("versions", __name__, url_prefix="/instructor/questions")


@bp.route("/<path:question_id>/retire", methods=["POST"])
@instructor_required
def retire_question(question_id: str):
    """Retire a served question: its version as served is published first, so the retirement has a row."""
    entry = catalog().entry(question_id)
    if entry is None:
        abort(404, description=f"There is no question {question_id!r}.")
    db = db_session()
    publish(db, [replace(entry.bank, questions=(entry.question,))], now())
    changed = retire(db, question_id, now())
    db.commit()
    flash(f"{question_id} is retired: new sessions leave it out; its answers and reports stay." if changed
          else f"{question_id} was already retired.", "success" if changed else "info")
    return redirect(url_for("reports.reports"))


@bp.route("/<path:question_id>/versions")
@instructor_required
def versions(question_id: str):
    """The stored versions of a question and the diff between two of them (by default the last two)."""
    rows = question_versions(db_session(), question_id)
    if not rows:
        abort(404, description=f"No version of {question_id!r} is published; run `study publish` on its bank.")
    by_id = {row.id: row for row in rows}
    old = by_id.get(request.args.get("old", type=int), rows[-2] if len(rows) > 1 else rows[-1])
    new = by_id.get(request.args.get("new", type=int), rows[-1])
    diff = content_diff(old.content, new.content, f"version {old.id} ({old.content_hash[:12]})",
                        f"version {new.id} ({new.content_hash[:12]})")
    served = catalog().entry(question_id)
    return render_template("versions/show.html", question_id=question_id, rows=rows, old=old, new=new, diff=diff,
                           served_hash=served.content_hash if served else None)
