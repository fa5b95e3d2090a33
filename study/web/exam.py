"""Exam simulation: timed, flag and navigate, no feedback until submission, scaled score."""
from __future__ import annotations

import random

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from study.web import feedback, quiz, scheduling
from study.web.access import catalog, learner, owned_session
from study.web.clock import now
from study.web.db import db_session
from study.web.models import Answer, Mode, QuizSession
from study.web.practice import item_context, parse_count, submitted_from

bp = Blueprint("exam", __name__, url_prefix="/exam")
MAX_MINUTES = 300


@bp.route("/")
def choose():
    """Exam settings and past exams."""
    past = []
    if current_user.is_authenticated:
        past = db_session().scalars(select(QuizSession).filter_by(user_id=current_user.id, mode=Mode.EXAM)
                                    .order_by(QuizSession.started_at.desc())).all()
    return render_template("exam/choose.html", past=past, config=current_app.config)


def start_exam(count: int, minutes: int) -> QuizSession:
    """Create an exam over a stratified draw of the whole pool."""
    rng = random.Random()
    chosen = quiz.stratified_draw(catalog().select(), count, rng)
    return quiz.start_session(db_session(), learner(), Mode.EXAM, catalog(), chosen, now=now(), rng=rng,
                              settings={"count": count, "minutes": minutes}, minutes=minutes)


@bp.route("/start", methods=["POST"])
def start():
    """Start an exam with the chosen number of questions and minutes."""
    count = parse_count(request.form.get("count"), current_app.config["STUDY_EXAM_QUESTIONS"])
    minutes = parse_count(request.form.get("minutes"), current_app.config["STUDY_EXAM_MINUTES"], MAX_MINUTES)
    if count is None or minutes is None:
        flash("Choose 1-100 questions and 1-300 minutes.", "error")
        return redirect(url_for("exam.choose"))
    session = start_exam(count, minutes)
    db_session().commit()
    return redirect(url_for("exam.show", session_id=session.id))


def open_exam(session_id: int) -> QuizSession:
    """The learner's exam; one whose time ran out is submitted first."""
    session = owned_session(session_id)
    if session.mode != Mode.EXAM:
        abort(404, description="There is no such exam among yours.")
    if session.finished_at is None and quiz.time_left(session, now()).total_seconds() <= 0:
        submit_exam(session)
        flash("Time is up: your exam was submitted.", "info")
    return session


def submit_exam(session: QuizSession) -> None:
    """Grade the exam (unanswered is wrong) and feed every miss to the review queue."""
    db = db_session()
    quiz.finish(session, now())
    for item in session.items:
        entry = catalog().entry(item.question_id)
        if entry is None:
            continue
        answer = item.answer or Answer(choices=[], correct=False, unsure=False)
        scheduling.record(db, session.user, catalog(), entry, answer, item.params, now(),
                          current_app.config["STUDY_FSRS_FUZZING"])
    db.commit()


@bp.route("/<dbint:session_id>")
def show(session_id: int):
    """Resume the exam where the learner was."""
    session = open_exam(session_id)
    if session.finished_at is not None:
        return redirect(url_for("exam.results", session_id=session.id))
    return redirect(url_for("exam.question", session_id=session.id, number=session.position + 1))


@bp.route("/<dbint:session_id>/q/<dbint:number>", methods=["GET", "POST"])
def question(session_id: int, number: int):
    """Show question number (1-based) or save its answer and flag, then navigate."""
    session = open_exam(session_id)
    if session.finished_at is not None:
        return redirect(url_for("exam.results", session_id=session.id))
    item = quiz.item_at(session, number - 1)
    if item is None:
        abort(404, description=f"This exam has questions 1 to {session.item_count}.")
    if request.method == "POST":
        return save_and_go(session, item, number)
    session.position = number - 1
    db_session().commit()
    context = item_context(session, item) | {"answered": False, "number": number,
                                              "left": quiz.time_left(session, now())}
    return render_template("exam/question.html", **context)


def save_and_go(session: QuizSession, item, number: int):
    """Save the posted answer and flag, then go where the learner asked."""
    submitted = submitted_from(request.form)
    item.flagged = request.form.get("flagged") in {"1", "on"}
    if submitted.choices or (submitted.numeric_text or "").strip():
        try:
            quiz.record_answer(db_session(), catalog(), item, submitted, now(), replace=True)
        except quiz.AnswerError as error:
            db_session().rollback()
            flash(str(error), "error")
            return redirect(url_for("exam.question", session_id=session.id, number=number))
    db_session().commit()
    go = request.form.get("go", "next")
    if go == "overview":
        return redirect(url_for("exam.overview", session_id=session.id))
    target = number - 1 if go == "prev" else number + 1 if go == "next" else int(go) if go.isdigit() else number
    if target > session.item_count:
        return redirect(url_for("exam.overview", session_id=session.id))
    return redirect(url_for("exam.question", session_id=session.id, number=max(target, 1)))


@bp.route("/<dbint:session_id>/overview")
def overview(session_id: int):
    """Every question's state (answered, flagged) and the submit button."""
    session = open_exam(session_id)
    if session.finished_at is not None:
        return redirect(url_for("exam.results", session_id=session.id))
    return render_template("exam/overview.html", session=session, left=quiz.time_left(session, now()))


@bp.route("/<dbint:session_id>/submit", methods=["POST"])
def submit(session_id: int):
    """Submit the exam for grading."""
    session = open_exam(session_id)
    if session.finished_at is None:
        submit_exam(session)
    return redirect(url_for("exam.results", session_id=session.id))


@bp.route("/<dbint:session_id>/results")
def results(session_id: int):
    """Scaled score, pass or fail, per-domain breakdown and a full review with reasons."""
    session = open_exam(session_id)
    if session.finished_at is None:
        return redirect(url_for("exam.overview", session_id=session.id))
    reviewed = []
    for item in session.items:
        entry = catalog().entry(item.question_id)
        if entry is not None:
            reviewed.append((item, entry, feedback.with_verdicts(catalog(), entry, item)))
    return render_template("exam/results.html", session=session, pass_mark=quiz.PASS_MARK,
                           breakdown=quiz.domain_breakdown(catalog(), session), reviewed=reviewed,
                           catalog=catalog())
