"""Exam simulation: timed, flag and navigate, no feedback until submission, scaled score."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

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
from sqlalchemy import select, update

from study.db.models import Answer, Mode, QuizSession, SessionItem, User
from study.web import feedback, quiz, scheduling
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner, owned_session
from study.web.practice import item_context, parse_count, submitted_from
from study.web.seen_version import item_entry

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


class ExamRunning(Exception):
    """The learner already has an exam running; it is the one to resume."""

    def __init__(self, session: QuizSession):
        super().__init__(f"Exam {session.id} is still running; finish or submit it first.")
        self.session = session


def start_exam(count: int, minutes: int, pool: list | None = None) -> QuizSession:
    """Create an exam over a stratified draw of the pool (all questions by default), unless one is
    running (ExamRunning).

    The learner's row is taken first, so two tabs starting an exam at once start one between them.
    """
    user, db = learner(), db_session()
    db.execute(update(User).where(User.id == user.id).values(id=User.id).execution_options(synchronize_session=False))
    for running in db.scalars(select(QuizSession).filter_by(user_id=user.id, mode=Mode.EXAM, finished_at=None)):
        if not submit_if_expired(running):
            db.rollback()
            raise ExamRunning(running)
    rng = random.Random()
    chosen = quiz.stratified_draw(quiz.drawable(db, pool if pool is not None else catalog().select()), count, rng)
    return quiz.start_session(db, user, Mode.EXAM, catalog(), chosen, now=now(), rng=rng,
                              settings={"count": count, "minutes": minutes}, minutes=minutes)


@bp.route("/start", methods=["POST"])
def start():
    """Start an exam with the chosen number of questions and minutes."""
    count = parse_count(request.form.get("count"), current_app.config["STUDY_EXAM_QUESTIONS"])
    minutes = parse_count(request.form.get("minutes"), current_app.config["STUDY_EXAM_MINUTES"], MAX_MINUTES)
    if count is None or minutes is None:
        flash("Choose 1-100 questions and 1-300 minutes.", "error")
        return redirect(url_for("exam.choose"))
    try:
        session = start_exam(count, minutes)
    except ExamRunning as running:
        flash("You have an exam running: here it is. Submit it before starting another.", "info")
        return redirect(url_for("exam.show", session_id=running.session.id))
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
    quiz.view_item(db, session, None, now())
    if not quiz.claim_submission(db, session, now()):
        db.rollback()
        db.refresh(session)
        return
    items = quiz.graded_items(db, session)
    quiz.finish(session, items, now())
    for item in items:
        entry = item_entry(catalog(), item)
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
    quiz.view_item(db_session(), session, number - 1, now())
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


def store_exam_answer(db, session: QuizSession, item_id: int, submitted: quiz.Submitted | None,
                      flagged: bool | None) -> SessionItem:
    """Store an exam item's answer while the exam is open; an empty submission clears it.

    submitted None changes only the flag; flagged None leaves the flag as it is. An incomplete pick
    on a choose-N question is kept (it counts as wrong unless completed). Raises ExamClosed once the
    exam is submitted or out of time, AnswerError for an item not in this exam or an answer that
    does not fit; nothing is stored then.
    """
    item = db.get(SessionItem, item_id)
    if item is None or item.session_id != session.id:
        raise quiz.AnswerError("That question is not in this session.")
    quiz.hold_open_exam(db, session, item.position, now())
    item = quiz.fresh_item(db, item.id)
    if flagged is not None:
        item.flagged = flagged
    if submitted is not None and submitted.empty and item.answer is not None:
        db.delete(item.answer)
        item.answer = None
    elif submitted is not None and not submitted.empty:
        try:
            quiz.record_answer(db, catalog(), item, replace(submitted, partial=True), now(), replace=True)
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
    quiz.view_item(db_session(), session, None, now())
    db_session().commit()
    items = session.items
    return render_template("exam/overview.html", session=session, left=quiz.time_left(session, now()),
                           unanswered=[i.position + 1 for i in items if i.answer is None],
                           flagged=[i.position + 1 for i in items if i.flagged])


@bp.route("/<dbint:session_id>/submit", methods=["POST"])
def submit(session_id: int):
    """Submit the exam for grading."""
    session = open_exam(session_id)
    if session.finished_at is None and request.form.get("confirm") != "yes":
        return redirect(url_for("exam.overview", session_id=session.id))  # the overview asks first
    if session.finished_at is None:
        submit_exam(session)
    return redirect(url_for("exam.results", session_id=session.id))


def seconds(count: int) -> timedelta:
    """A stored count of seconds as a duration for the template's M:SS format."""
    return timedelta(seconds=count)


@bp.route("/<dbint:session_id>/results")
def results(session_id: int):
    """Scaled score, pass or fail, per-domain breakdown and a full review with reasons."""
    session = open_exam(session_id)
    if session.finished_at is None:
        return redirect(url_for("exam.overview", session_id=session.id))
    reviewed = []
    for item in session.items:
        entry = item_entry(catalog(), item)
        if entry is not None:
            reviewed.append((item, entry, feedback.with_verdicts(catalog(), entry, item)))
    previous = db_session().scalars(
        select(QuizSession).where(QuizSession.user_id == session.user_id, QuizSession.mode == Mode.EXAM,
                                  QuizSession.finished_at.is_not(None), QuizSession.started_at < session.started_at)
        .order_by(QuizSession.started_at.desc()).limit(5)).all()
    taken = quiz.time_taken(session)
    return render_template("exam/results.html", session=session, pass_mark=quiz.PASS_MARK, previous=previous,
                           taken=taken, per_question=taken / max(session.item_count, 1), seconds=seconds,
                           breakdown=quiz.domain_breakdown(catalog(), session), reviewed=reviewed,
                           catalog=catalog())
