"""Home page and dashboard: history, score trend, mastery, review due, readiness, settings."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from study.db.models import QuizSession
from study.web import charts, progress, scheduling
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
    sections = progress.mastery(catalog(), answers, "section")
    until = (datetime_at(user.exam_date) if user.exam_date else moment + timedelta(days=1))
    due_until_exam = len(scheduling.due_cards(db, user, until))
    sessions = db.scalars(select(QuizSession).filter_by(user_id=user.id)
                          .order_by(QuizSession.started_at.desc()).limit(20)).all()
    bars = [(TOPICS[t], topics[t].ratio, topics[t].total) for t in TOPICS if t in topics]
    recall = scheduling.expected_recall(db, user, until) if user.exam_date else None
    return render_template(
        "dashboard.html", recall=recall, sessions=sessions, queue=scheduling.queue_summary(db, user, moment),
        trend=charts.score_trend(progress.score_history(db, user)), bars=charts.mastery_bars(bars),
        weakest=progress.weakest_sections(sections), catalog=catalog(),
        readiness=progress.readiness(topics, user.exam_date, moment.date(), due_until_exam),
    )


def datetime_at(day: date) -> datetime:
    """Midnight UTC at the start of day, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=UTC)


@bp.route("/settings", methods=["POST"])
@login_required
def settings():
    """Save the exam date and the desired retention."""
    try:
        exam_text = request.form.get("exam_date", "").strip()
        exam_date = date.fromisoformat(exam_text) if exam_text else None
        retention = float(request.form.get("desired_retention", current_user.desired_retention))
    except ValueError:
        flash("Give the exam date as YYYY-MM-DD and the retention as a number.", "error")
        return redirect(url_for("dashboard.index"))
    if not 0.7 <= retention <= 0.99:
        flash("Desired retention must be between 0.70 and 0.99.", "error")
        return redirect(url_for("dashboard.index"))
    current_user.exam_date, current_user.desired_retention = exam_date, retention
    db_session().commit()
    flash("Settings saved.", "success")
    return redirect(url_for("dashboard.index"))
