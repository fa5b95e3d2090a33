"""Instructor pages for item statistics: every bank's score spread, and per question its facility,
discrimination and which misconception each distractor catches (the model's reason beside the picks)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from study.db.item_stats import MIN_ATTEMPTS_TO_FLAG, bank_statistics
from study.db.models import Classroom
from study.export.items import export_item
from study.web.app_catalog import catalog
from study.web.classes import own_class
from study.web.database import db_session
from study.web.ownership import instructor_required

bp = Blueprint("statistics", __name__, url_prefix="/instructor/stats")


@bp.route("/")
@instructor_required
def index():
    """The banks, each with its sheets, mean, spread and KR-20."""
    banks = [(bank, bank_statistics(db_session(), bank.id)) for bank in catalog().banks]
    return render_template("statistics/index.html", banks=banks)


@bp.route("/<bank_id>")
@instructor_required
def bank(bank_id: str):
    """One bank's questions with their statistics, flags, and the share of attempts that picked each choice;
    `?class=ID` counts only the learners of one of the instructor's own classes."""
    found = next((b for b in catalog().banks if b.id == bank_id), None)
    if found is None:
        abort(404, description=f"There is no bank {bank_id!r}.")
    class_id = request.args.get("class", type=int)
    chosen = own_class(class_id) if class_id is not None else None
    classes = db_session().scalars(select(Classroom).where(Classroom.instructor_id == current_user.id)
                                   .order_by(Classroom.name)).all()
    stats = bank_statistics(db_session(), bank_id, class_id)
    rows = []
    for question in found.questions:
        entry = catalog().entry(f"{bank_id}/{question.id}")
        item = None if question.kind == "numeric" else export_item(
            found, question, lambda _q, params, entry=entry: catalog().evaluation(entry, params))
        rows.append((entry, item, stats.items.get(entry.gid), catalog().draw_seeded_params(question, 0)))
    return render_template("statistics/bank.html", bank=found, stats=stats, rows=rows, classes=classes,
                           chosen=chosen, min_attempts=MIN_ATTEMPTS_TO_FLAG)
