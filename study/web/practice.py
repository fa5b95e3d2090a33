"""Practice mode (and review sessions): one question at a time with immediate verdicts."""
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
from fsrs import Rating
from sqlalchemy import select

from study.db.models import Answer, Mode, QuizSession, SessionItem
from study.web import feedback, quiz, scheduling
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.diagram import deployment_svg
from study.web.ownership import learner, owned_session
from study.web.seen_version import item_entry

bp = Blueprint("practice", __name__, url_prefix="/practice")
MAX_COUNT = 100
RESUME_SHOWN = 5  # unfinished sessions listed to resume; older ones can be discarded together


@bp.route("/")
def choose():
    """Pick topics or sections and a count; list unfinished sessions to resume."""
    open_sessions = []
    if current_user.is_authenticated:
        open_sessions = db_session().scalars(
            select(QuizSession).filter_by(user_id=current_user.id, finished_at=None)
            .order_by(QuizSession.started_at.desc(), QuizSession.id.desc())
        ).all()
    older = [s for s in open_sessions[RESUME_SHOWN:] if s.mode != Mode.EXAM]
    return render_template("practice/choose.html", catalog=catalog(), open_sessions=open_sessions[:RESUME_SHOWN],
                           older_count=len(older), preselected=request.args.getlist("section"))


def parse_count(text: str | None, default: int = 10, maximum: int = MAX_COUNT) -> int | None:
    """A whole number between 1 and maximum (default when empty), or None when the text is not one."""
    try:
        count = int(text) if text else default
    except ValueError:
        return None
    return count if 1 <= count <= maximum else None


@bp.route("/start", methods=["POST"])
def start():
    """Start a practice session over the chosen topics and sections."""
    topics, sections = request.form.getlist("topic"), request.form.getlist("section")
    questions = request.form.getlist("question")
    count = parse_count(request.form.get("count"))
    if count is None:
        flash(f"Choose a number of questions between 1 and {MAX_COUNT}.", "error")
        return redirect(url_for("practice.choose"))
    pool = quiz.drawable(db_session(), catalog().select(topics, sections, questions))
    if request.form.get("new_only") == "1":
        seen = answered_questions(learner().id)
        pool = [entry for entry in pool if entry.gid not in seen]
    if not pool:
        flash("No questions match that choice; pick other topics or sections.", "error")
        return redirect(url_for("practice.choose"))
    if len(pool) < count:
        flash(f"Only {len(pool)} question{'s' if len(pool) != 1 else ''} match that choice, so this session has "
              f"{len(pool)}, not {count}.", "info")
    rng = random.Random()
    chosen = rng.sample(pool, min(count, len(pool)))
    db = db_session()
    session = quiz.start_session(db, learner(), Mode.PRACTICE, catalog(), chosen, now=now(), rng=rng,
                                 settings={"topics": topics, "sections": sections, "count": count})
    db.commit()
    return redirect(url_for("practice.show", session_id=session.id))


def answered_questions(user_id: int) -> set[str]:
    """Ids of every question the learner has answered, in any session."""
    return set(db_session().scalars(
        select(SessionItem.question_id).join(Answer).join(QuizSession)
        .where(QuizSession.user_id == user_id).distinct()))


@bp.route("/<dbint:session_id>")
def show(session_id: int):
    """The current question, or its verdict once answered; results when the session is over."""
    session = owned_session(session_id)
    if session.mode == Mode.EXAM:
        return redirect(url_for("exam.show", session_id=session.id))
    item = quiz.current_item(session)
    if item is None:
        return redirect(url_for("practice.results", session_id=session.id))
    return render_template("practice/question.html", **item_context(session, item))


def item_context(session: QuizSession, item) -> dict:
    """Template context for one item: question, choices and, when answered, the verdicts."""
    loaded = catalog()
    entry = item_entry(loaded, item)
    if entry is None:
        abort(404, description="This question is no longer in the bank.")
    answered = item.answer is not None
    context = {"session": session, "item": item, "entry": entry, "answered": answered, "diagram": None,
               "model_answer": None, "catalog": loaded,
               "report_url": url_for("reports.report", question_id=item.question_id, item=item.id),
               "choices": feedback.with_verdicts(loaded, entry, item) if answered else feedback.choice_views(entry, item)}
    if answered:
        if entry.question.kind == "numeric":
            result = loaded.evaluation(entry, item.params)
            context |= {"model_answer": result.answer, "model_working": getattr(result, "working", ""),
                        "model_rule": getattr(result, "rule_id", "")}
        if session.mode == Mode.REVIEW and session.finished_at is None:
            context["ratings"] = rating_buttons(session, item)
        verdict = feedback.picked_verdict(loaded, entry, item)
        deployment, broken, marked = feedback.deployment_of(verdict)
        context["diagram"] = deployment_svg(deployment, broken, marked) if deployment is not None else None
        context["nothing_runs"] = verdict is not None and verdict.rejected_when_registered
    return context


def submitted_from(form) -> quiz.Submitted:
    """Read choices, a numeric answer and the unsure flag from a form."""
    return quiz.Submitted(choices=tuple(form.getlist("choice")), numeric_text=form.get("numeric"),
                          unsure=form.get("unsure") in {"1", "on", "true"})


def answer_item(session: QuizSession, item_id: str | None, submitted: quiz.Submitted, learner_rates: bool = False):
    """Store the answer to the session's current item and update the review queue.

    learner_rates leaves the question's own card to the rating the learner picks next (review pages).
    """
    item = quiz.current_item(session)
    if session.finished_at is not None or item is None:
        raise quiz.AnswerError("This session is finished; start a new one.")
    if str(item.id) != str(item_id):
        in_session = any(str(i.id) == str(item_id) for i in session.items)
        raise quiz.AnswerError("That question is not the current one in this session." if in_session
                               else "That question is not in this session.")
    db = db_session()
    answer = quiz.record_answer(db, catalog(), item, submitted, now())
    entry = item_entry(catalog(), item)
    scheduling.record(db, session.user, catalog(), entry, answer, item.params, now(),
                      current_app.config["STUDY_FSRS_FUZZING"], rate_question=not learner_rates)
    db.commit()
    return answer


@bp.route("/<dbint:session_id>/answer", methods=["POST"])
def answer(session_id: int):
    """Take the answer to the current question, then show its verdict."""
    session = owned_session(session_id)
    try:
        answer_item(session, request.form.get("item_id"), submitted_from(request.form),
                    learner_rates=session.mode == Mode.REVIEW)
    except quiz.AnswerError as error:
        db_session().rollback()
        flash(str(error), "error")
    return redirect(url_for("practice.show", session_id=session.id))


@bp.route("/<dbint:session_id>/next", methods=["POST"])
def next_question(session_id: int):
    """Move past an answered (or skipped) question; finish the session after the last one."""
    session = owned_session(session_id)
    item = quiz.current_item(session)
    if item is not None and item.answer is None and request.form.get("skip") != "1":
        flash("Answer this question before moving on.", "error")
    elif item is not None:
        quiz.move_past(session, now())
        db_session().commit()
    return redirect(url_for("practice.show", session_id=session.id))


RATINGS = {rating.name.lower(): rating for rating in Rating}


def rating_buttons(session: QuizSession, item) -> list[tuple[str, str, bool]]:
    """Review sessions: (rating, next interval, is the proposed one) for Again, Hard, Good and Easy."""
    intervals = scheduling.next_intervals(db_session(), session.user, item.question_id, now())
    proposed = scheduling.rating_for(item.answer)
    return [(name, scheduling.interval_text(intervals[rating]), rating == proposed) for name, rating in RATINGS.items()]


@bp.route("/<dbint:session_id>/rate", methods=["POST"])
def rate(session_id: int):
    """Review sessions: schedule the answered question with the learner's rating, then move on."""
    session = owned_session(session_id)
    item = quiz.current_item(session)
    rating = RATINGS.get(request.form.get("rating", ""))
    if session.mode != Mode.REVIEW or item is None or item.answer is None or rating is None:
        flash("Answer the question, then rate it Again, Hard, Good or Easy.", "error")
        return redirect(url_for("practice.show", session_id=session.id))
    scheduler = scheduling.scheduler_for(session.user, current_app.config["STUDY_FSRS_FUZZING"])
    scheduling.rate(db_session(), session.user, item.question_id, rating, now(), scheduler)
    quiz.move_past(session, now())
    db_session().commit()
    return redirect(url_for("practice.show", session_id=session.id))


@bp.route("/<dbint:session_id>/results")
def results(session_id: int):
    """Score and a list of every question with the learner's result."""
    session = owned_session(session_id)
    if session.mode == Mode.EXAM:
        return redirect(url_for("exam.results", session_id=session.id))
    correct = sum(1 for i in session.items if i.answer is not None and i.answer.correct)
    retry_choices = [("missed", "Retry the ones I missed", len(quiz.retry_questions(session, "missed"))),
                     ("unsure", "Retry unsure and flagged", len(quiz.retry_questions(session, "unsure")))]
    return render_template("practice/results.html", session=session, correct=correct, catalog=catalog(),
                           retry_choices=retry_choices)
