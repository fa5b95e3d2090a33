"""Report a problem with a question; instructors read the reports."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from sqlalchemy import select

from study.db.models import ProblemReport, User
from study.web import limits
from study.web.app_catalog import catalog
from study.web.auth import safe_next
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import instructor_required, learner

bp = Blueprint("reports", __name__)
MAX_REPORT = 2000


@bp.route("/questions/<path:question_id>/report", methods=["POST"])
def report(question_id: str):
    """Store a learner's sentence about a problem in a question."""
    if catalog().entry(question_id) is None:
        abort(404, description=f"There is no question {question_id!r}.")
    limits.limit_by_address(limits.REPORT, "problem reports from your address")
    message = request.form.get("message", "").strip()
    if not message or len(message) > MAX_REPORT:
        flash(f"Describe the problem in a sentence (1-{MAX_REPORT} characters).", "error")
    else:
        db_session().add(ProblemReport(user_id=learner().id, question_id=question_id,
                                       message=message, created_at=now()))
        db_session().commit()
        flash("Thank you: the report was sent to the instructors.", "success")
    return redirect(safe_next(request.form.get("next")))


@bp.route("/instructor/reports")
@instructor_required
def reports():
    """Every report, grouped by question."""
    rows = db_session().execute(
        select(ProblemReport, User.username).join(User, User.id == ProblemReport.user_id)
        .order_by(ProblemReport.question_id, ProblemReport.created_at)
    ).all()
    grouped: dict[str, list] = {}
    for report_row, username in rows:
        grouped.setdefault(report_row.question_id, []).append((report_row, username or "visitor"))
    return render_template("reports/list.html", grouped=grouped, catalog=catalog())
