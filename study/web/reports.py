"""Report a problem with a question; instructors answer and resolve reports; learners follow their own."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from study.db.engine import MAX_INTEGER
from study.db.models import Answer, ProblemReport, QuizSession, SessionItem, User
from study.db.publish import retired_questions
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
                                       message=message, created_at=now(), **seen_item(question_id)))
        db_session().commit()
        flash("Thank you: the report was sent to the instructors.", "success")
    return redirect(safe_next(request.form.get("next")))


def seen_item(question_id: str) -> dict:
    """The session, version, drawn values and pick of the item the report was sent from (`?item=`),
    when that item is the learner's own and holds this question; nothing otherwise."""
    item_id = request.args.get("item", type=int)
    if item_id is None or not 1 <= item_id <= MAX_INTEGER:
        return {}
    item = db_session().scalar(select(SessionItem).join(QuizSession).options(joinedload(SessionItem.answer))
                               .where(SessionItem.id == item_id, QuizSession.user_id == learner().id,
                                      SessionItem.question_id == question_id))
    if item is None:
        return {}
    return {"session_id": item.session_id, "question_hash": item.question_hash, "params": item.params,
            "picks": picks_of(item.answer)}


def picks_of(answer: Answer | None) -> list[str] | None:
    """The choice ids picked, or the number typed as text; None before an answer."""
    if answer is None:
        return None
    return [f"{answer.numeric_value:g}"] if answer.numeric_value is not None else list(answer.choices)


@bp.route("/reports/mine")
@login_required
def mine():
    """The learner's own reports, newest first, with their status and the instructor's reply."""
    rows = db_session().scalars(select(ProblemReport).filter_by(user_id=learner().id)
                                .order_by(ProblemReport.created_at.desc(), ProblemReport.id.desc())).all()
    return render_template("reports/mine.html", reports=rows, catalog=catalog())


@bp.route("/instructor/reports/<dbint:report_id>/resolve", methods=["POST"])
@instructor_required
def resolve(report_id: int):
    """Answer a report and mark it resolved (once: a second instructor's resolve of the same report is refused)."""
    reply = request.form.get("reply", "").strip()
    if len(reply) > MAX_REPORT:
        flash(f"Keep the reply under {MAX_REPORT} characters.", "error")
        return redirect(url_for("reports.reports"))
    resolved = db_session().execute(
        update(ProblemReport).where(ProblemReport.id == report_id, ProblemReport.status == "open")
        .values(status="resolved", reply=reply or None, resolved_at=now()).execution_options(synchronize_session=False))
    db_session().commit()
    if resolved.rowcount != 1:
        flash("That report is already resolved (or does not exist); nothing changed.", "error")
    else:
        flash("Report resolved; the learner sees your reply.", "success")
    return redirect(url_for("reports.reports"))


@bp.route("/instructor/reports")
@instructor_required
def reports():
    """Every report, grouped by question, open ones first."""
    rows = db_session().execute(
        select(ProblemReport, User.username).join(User, User.id == ProblemReport.user_id)
        .order_by(ProblemReport.status, ProblemReport.question_id, ProblemReport.created_at)
    ).all()
    grouped: dict[str, list] = {}
    for report_row, username in rows:
        grouped.setdefault(report_row.question_id, []).append((report_row, username or "visitor"))
    return render_template("reports/list.html", grouped=grouped, catalog=catalog(),
                           retired=retired_questions(db_session()))
