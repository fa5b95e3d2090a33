"""Instructor page that checks or publishes an uploaded bank or zip of banks, as `study publish` does."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from study.content.bank_upload import MIB, UploadLimits, UploadRefused, unpack
from study.content.validate import summary, validate
from study.db.publish import PublishResult, publish
from study.web.clock import now
from study.web.database import db_session
from study.web.input_guard import LARGER_BODIES
from study.web.ownership import instructor_required

bp = Blueprint("publishing", __name__, url_prefix="/instructor/publish")
LIMITS = UploadLimits()
LARGER_BODIES["publishing.upload"] = LIMITS.upload_bytes + MIB  # the file plus the form around it


@dataclass
class Outcome:
    """What the page shows after a Check or a Publish."""

    action: str
    filename: str
    refused: str = ""
    problems: list[str] = field(default_factory=list)
    summary: str = ""
    errors: int = 0
    ignored: list[str] = field(default_factory=list)
    result: PublishResult | None = None

    @property
    def status(self) -> int:
        """400 for a refused upload, 422 for banks with errors, else 200."""
        return 400 if self.refused else 422 if self.errors else 200


@bp.route("", methods=["GET", "POST"])
@instructor_required
def upload():
    """The upload form; on POST, validate the upload and store its banks when asked and when valid."""
    if request.method == "GET":
        return render_template("publishing/upload.html", outcome=None, limits=LIMITS, mib=MIB)
    action = "publish" if request.form.get("action") == "publish" else "check"
    sent = request.files.get("bank")
    outcome = Outcome(action, sent.filename if sent else "")
    if not sent or not sent.filename:
        outcome.refused = "choose a bank file (.yaml or .yml) or a .zip of banks first"
    else:
        checked_and_stored(outcome, sent.stream)
    return render_template("publishing/upload.html", outcome=outcome, limits=LIMITS, mib=MIB), outcome.status


def checked_and_stored(outcome: Outcome, stream) -> None:
    """Unpack into a fresh temporary folder (removed afterwards), validate, and publish when asked and clean."""
    with tempfile.TemporaryDirectory(prefix="study-upload-") as name:
        folder = Path(name)
        try:
            unpacked = unpack(outcome.filename, stream, folder, LIMITS)
        except UploadRefused as refused:
            outcome.refused = str(refused)
            return
        outcome.ignored = unpacked.ignored
        report = validate([folder], Path(current_app.config["STUDY_CONTENT_DIR"]))
        outcome.problems = [str(replace(p, file=_shown(p.file, folder))) for p in report.problems]
        outcome.summary, outcome.errors = summary(report), len(report.errors)
        if outcome.action == "publish" and not outcome.errors:
            outcome.result = store(report.banks)


def store(banks) -> PublishResult:
    """Store the new and changed questions in one transaction: `study publish`'s own function."""
    db = db_session()
    try:
        result = publish(db, banks, now())
        db.commit()
    except Exception:
        db.rollback()
        raise
    return result


def _shown(file: str, folder: Path) -> str:
    """A problem's file as the instructor named it inside the upload, not the temporary folder's path."""
    path = Path(file)
    for base in (folder, folder.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix() or "."
    return file
