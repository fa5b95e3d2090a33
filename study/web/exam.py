"""Exam simulation: timed, flag and navigate, no feedback until submission, scaled score."""
from __future__ import annotations

import random

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from study.db.models import Answer, Mode, QuizSession, SessionItem
from study.web import feedback, quiz, scheduling
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner, owned_session
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
    if submit_if_expired(session):
        flash("Time is up: your exam was submitted.", "info")
    return session


def submit_if_expired(session: QuizSession) -> bool:
    """Submit an exam whose time ran out (on whichever request comes first); True if this one did."""
    if session.mode != Mode.EXAM or session.finished_at is not None:
        return False
    if quiz.time_left(session, now()).total_seconds() > 0:
        return False
    submit_exam(session)
    return True


def submit_exam(session: QuizSession) -> None:
    """Grade the exam once (unanswered is wrong) and feed every miss to the review queue.

    Of two submits in flight, only the one that claims the session grades; the other finds it
    finished. Answers in flight either committed before the claim (and are graded) or are refused.
    """
    db = db_session()
    if not quiz.claim_submission(db, session, now()):
        db.rollback()
        db.refresh(session)
        return
    items = quiz.graded_items(db, session)
    quiz.finish(session, items, now())
    for item in items:
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
    db = db_session()
    try:
        store_exam_answer(db, session, item.id, submitted, request.form.get("flagged") in {"1", "on"})
    except quiz.AnswerError as error:
        flash(str(error), "error")
        if isinstance(error, quiz.ExamClosed):
            return redirect(url_for("exam.show", session_id=session.id))
        return redirect(url_for("exam.question", session_id=session.id, number=number))
    go = request.form.get("go", "next")
    if go == "overview":
        return redirect(url_for("exam.overview", session_id=session.id))
    target = number - 1 if go == "prev" else number + 1 if go == "next" else int(go) if go.isascii() and go.isdigit() else number
    if target > session.item_count:
        return redirect(url_for("exam.overview", session_id=session.id))
    return redirect(url_for("exam.question", session_id=session.id, number=max(target, 1)))


def store_exam_answer(db, session: QuizSession, item_id: int, submitted: quiz.Submitted,
                      flagged: bool | None) -> SessionItem:
    """Store an answer (or only a flag: an empty submission) to an exam item while the exam is open.

    flagged None leaves the flag as it is. Raises ExamClosed once the exam is submitted or out of
    time, AnswerError for an item not in this exam or an answer that does not fit; nothing is
    stored then.
    """
    item = db.get(SessionItem, item_id)
    if item is None or item.session_id != session.id:
        raise quiz.AnswerError("That question is not in this session.")
    quiz.hold_open_exam(db, session, item.position, now())
    item = quiz.fresh_item(db, item.id)
    if flagged is not None:
        item.flagged = flagged
    try:
        if submitted.choices or (submitted.numeric_text or "").strip():
            quiz.record_answer(db, catalog(), item, submitted, now(), replace=True)
    except quiz.AnswerError:
        db.rollback()
        raise
    db.commit()
    return item


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
