"""Instructor pages for item statistics: every bank's score spread, and per question version its facility,
discrimination and which misconception each distractor catches (the model's reason beside the picks)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from study.db.item_stats import MIN_ATTEMPTS_TO_FLAG, ItemStats, VersionStats, bank_statistics
from study.db.models import Classroom, QuestionVersion
from study.export.items import ExportItem, export_item
from study.web.app_catalog import catalog
from study.web.catalog import Entry
from study.web.classes import own_class
from study.web.database import db_session
from study.web.ownership import instructor_required
from study.web.seen_version import version_entry

bp = Blueprint("statistics", __name__, url_prefix="/instructor/stats")


@dataclass(frozen=True)
class VersionView:
    """One version of a question as the bank page shows it: its figures beside its own choices and verdicts."""

    stats: VersionStats
    item: ExportItem | None  # the version's choices with the model's reasons (None for numeric questions)
    own_wording: bool  # False: the version is not stored, so its choices are shown as the app serves them now
    served: bool  # the version the app serves now
    stored_id: int | None  # its question_version row, for the diff page
    older_id: int | None  # the stored version listed after it, to diff against

    def flags(self) -> list[str]:
        """The version's flags, "nobody picks" judged against the choices shown."""
        return self.stats.flags([choice.choice_id for choice in self.item.choices] if self.item else [])

    @property
    def unlisted_picks(self) -> dict[str, int]:
        """Picks of choice ids the shown choices do not have (a version whose wording is not stored)."""
        listed = {choice.choice_id for choice in self.item.choices} if self.item else set()
        return {choice: count for choice, count in sorted(self.stats.picks.items()) if choice not in listed}


@dataclass(frozen=True)
class QuestionRow:
    """A question of the bank page: served entry, its drawn values, its statistics and a view per version."""

    entry: Entry
    params: dict | None
    stats: ItemStats | None
    versions: tuple[VersionView, ...]

    @property
    def published(self) -> bool:
        """Whether a version page exists to link to (some version of the question is stored)."""
        return any(v.stored_id is not None for v in self.versions)


@bp.route("/")
@instructor_required
def index():
    """The banks, each with its sheets, mean, spread and KR-20."""
    banks = [(bank, bank_statistics(db_session(), bank.id)) for bank in catalog().banks]
    return render_template("statistics/index.html", banks=banks)


@bp.route("/<bank_id>")
@instructor_required
def bank(bank_id: str):
    """One bank's questions with their statistics per version, flags, and the share of attempts that picked
    each choice; `?class=ID` counts only the learners of one of the instructor's own classes."""
    found = next((b for b in catalog().banks if b.id == bank_id), None)
    if found is None:
        abort(404, description=f"There is no bank {bank_id!r}.")
    class_id = request.args.get("class", type=int)
    chosen = own_class(class_id) if class_id is not None else None
    classes = db_session().scalars(select(Classroom).where(Classroom.instructor_id == current_user.id)
                                   .order_by(Classroom.name)).all()
    stats = bank_statistics(db_session(), bank_id, class_id)
    stored = stored_versions(db_session(), bank_id)
    rows = [question_row(db_session(), catalog().entry(f"{bank_id}/{question.id}"), stats.items, stored)
            for question in found.questions]
    return render_template("statistics/bank.html", bank=found, stats=stats, rows=rows, classes=classes,
                           chosen=chosen, min_attempts=MIN_ATTEMPTS_TO_FLAG)


def stored_versions(db: Session, bank_id: str) -> dict[tuple[str, str], int]:
    """The question_version row id of every stored version of the bank, by (global id, hash)."""
    rows = db.execute(select(QuestionVersion.question_id, QuestionVersion.content_hash, QuestionVersion.id)
                      .where(QuestionVersion.bank_id == bank_id))
    return {(f"{bank_id}/{question_id}", content_hash): row_id for question_id, content_hash, row_id in rows}


def question_row(db: Session, served: Entry, items: dict[str, ItemStats], stored: dict) -> QuestionRow:
    """The served question with a view of each version answered or reported, newest first."""
    stats = items.get(served.gid)
    versions = stats.versions if stats else (VersionStats(served.content_hash, 0, 0, None, None),)
    ids = [stored.get((served.gid, v.question_hash)) for v in versions]
    older = [next((i for i in ids[n + 1:] if i is not None), None) for n in range(len(ids))]
    return QuestionRow(served, catalog().draw_seeded_params(served.question, 0), stats,
                       tuple(version_view(db, served, v, i, o) for v, i, o in zip(versions, ids, older)))


def version_view(db: Session, served: Entry, stats: VersionStats, stored_id: int | None,
                 older_id: int | None) -> VersionView:
    """A version's choices from its own entry (rebuilt when the app serves another), so each distractor's
    reason is the one its learners were judged by; the served choices when the version is not stored."""
    entry = version_entry(catalog(), db, served.gid, stats.question_hash) if stats.question_hash else None
    shown = entry or served
    item = None if shown.question.kind == "numeric" else export_item(
        shown.bank, shown.question, lambda _q, params: catalog().evaluation(shown, params))
    return VersionView(stats, item, entry is not None, stats.question_hash == served.content_hash, stored_id, older_id)
