"""Home page and dashboard: history, score trend, mastery, review due, readiness, settings."""
from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from study.db.models import Mode
from study.web import charts, classes, progress, scheduling
from study.web.app_catalog import catalog
from study.web.catalog import TOPICS
from study.web.clock import now
from study.web.database import db_session

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def index():
    """The dashboard for someone logged in; a welcome page otherwise."""
    if not current_user.is_authenticated:
        return render_template("welcome.html", catalog=catalog())
    db, user, moment = db_session(), current_user, now()
    answers = progress.answers_of(db, user)
    topics = progress.mastery(catalog(), answers, "topic")
    seen = progress.seen_per_topic(catalog(), answers)
    queue = scheduling.queue_summary(db, user, moment)
    plan = recall = None
    if user.exam_date and user.exam_date >= moment.date():
        until = datetime_at(user.exam_date)
        due_later = len(scheduling.due_cards(db, user, until)) - queue["due"]
        plan = progress.review_plan(user.exam_date, moment.date(), queue["due"], max(due_later, 0))
        recall = scheduling.expected_recall(db, user, until)
    mocks = progress.finished_sessions(db, user, Mode.EXAM)
    practice = progress.finished_sessions(db, user, Mode.PRACTICE)[-10:]
    topic_rows = [(TOPICS[t], topics.get(t, progress.Mastery(0, 0)), *seen[t]) for t in TOPICS]
    return render_template(
        "dashboard.html", recall=recall, plan=plan, queue=queue, practice=practice, catalog=catalog(),
        trend=charts.score_trend([(s.finished_at, s.scaled_score) for s in mocks]),
        topic_rows=topic_rows, few=progress.FEW_ANSWERS, readiness=progress.readiness(topics),
        weakest=progress.weakest_sections(progress.mastery(catalog(), answers, "section")),
        evidence=progress.EVIDENCE_PER_TOPIC, today=moment.date().isoformat(),
        assignments=classes.learner_assignments(user),
    )


def datetime_at(day: date) -> datetime:
    """Midnight UTC at the start of day, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=UTC)


MAX_PER_DAY = 9999


@bp.route("/settings", methods=["POST"])
@login_required
def settings():
    """Save the exam date, the desired retention and the daily review limits."""
    try:
        exam_text = request.form.get("exam_date", "").strip()
        exam_date = date.fromisoformat(exam_text) if exam_text else None
        retention = float(request.form.get("desired_retention", current_user.desired_retention))
        new_per_day = int(request.form.get("new_cards_per_day", current_user.new_cards_per_day))
        reviews_per_day = int(request.form.get("reviews_per_day", current_user.reviews_per_day))
    except ValueError:
        flash("Give the exam date as YYYY-MM-DD, the retention as a number and the limits as whole numbers.", "error")
        return redirect(url_for("dashboard.index"))
    if not (0 <= new_per_day <= MAX_PER_DAY and 0 <= reviews_per_day <= MAX_PER_DAY):
        flash(f"Daily limits must be whole numbers from 0 to {MAX_PER_DAY}.", "error")
        return redirect(url_for("dashboard.index"))
    if exam_date is not None and exam_date < now().date():
        flash(f"{exam_date.isoformat()} has passed; give the date of an exam still ahead, or leave it empty.", "error")
        return redirect(url_for("dashboard.index"))
    if not 0.7 <= retention <= 0.99:
        flash("Desired retention must be between 0.70 and 0.99.", "error")
        return redirect(url_for("dashboard.index"))
    current_user.exam_date, current_user.desired_retention = exam_date, retention
    current_user.new_cards_per_day, current_user.reviews_per_day = new_per_day, reviews_per_day
    db_session().commit()
    flash("Settings saved.", "success")
    return redirect(url_for("dashboard.index"))
