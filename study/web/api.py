"""JSON API for the same flows: start a session, fetch the current question, answer, results."""
from __future__ import annotations

import random

from flask import Blueprint, abort, current_app, jsonify
from flask_wtf.csrf import generate_csrf

from study.db.engine import MAX_INTEGER
from study.db.models import Mode, QuizSession, SessionItem
from study.web import feedback, quiz
from study.web.api_bodies import AnswerBody, LoginBody, StartBody, parsed
from study.web.app_catalog import catalog
from study.web.auth import checked_login, start_login
from study.web.clock import now
from study.web.database import db_session
from study.web.exam import (
    ExamRunning,
    start_exam,
    store_exam_answer,
    submit_exam,
    submit_if_expired,
)
from study.web.ownership import learner, owned_session
from study.web.practice import answer_item
from study.web.rendering import fill
from study.web.seen_version import item_entry

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/csrf")
def csrf_token():
    """A CSRF token to send as X-CSRFToken with every POST."""
    return jsonify(csrf_token=generate_csrf())


@bp.route("/login", methods=["POST"])
def login():
    """Log in with a JSON body; 401 for a wrong password, 429 with Retry-After after repeated failures."""
    body = parsed(LoginBody)
    user = checked_login(body.username.strip(), body.password)
    if user is None:
        return jsonify(error="Unknown username or wrong password."), 401
    start_login(user)
    return jsonify(username=user.username)


@bp.route("/sessions", methods=["POST"])
def start():
    """Start a practice or exam session."""
    data = parsed(StartBody)
    if data.mode == "exam":
        count = data.count or current_app.config["STUDY_EXAM_QUESTIONS"]
        minutes = data.minutes or current_app.config["STUDY_EXAM_MINUTES"]
        try:
            session = start_exam(count, minutes)
        except ExamRunning as running:
            return jsonify(error=str(running), session_id=running.session.id), 409
    else:
        pool = quiz.drawable(db_session(), catalog().select(data.topics, data.sections))
        if not pool:
            abort(400, description="No questions match those topics and sections.")
        rng = random.Random()
        session = quiz.start_session(db_session(), learner(), Mode.PRACTICE, catalog(),
                                     rng.sample(pool, min(data.count or 10, len(pool))), now=now(), rng=rng)
    db_session().commit()
    return jsonify(session_json(session)), 201


def open_session(session_id: int) -> QuizSession:
    """The learner's session; an exam whose time ran out is submitted first, as on the pages."""
    session = owned_session(session_id)
    submit_if_expired(session)
    return session


def session_json(session: QuizSession) -> dict:
    """Summary of a session."""
    return {"id": session.id, "mode": str(session.mode), "position": session.position,
            "total": session.item_count, "finished": session.finished_at is not None,
            "deadline": session.deadline.isoformat() if session.deadline else None}


def item_json(session: QuizSession, item: SessionItem) -> dict:
    """A question as the learner sees it; verdicts only once feedback is allowed."""
    entry = item_entry(catalog(), item)
    q = entry.question
    out = {"item_id": item.id, "question_id": item.question_id, "kind": q.kind, "choose": q.choose,
           "stem": fill(q.stem, item.params), "params": item.params, "flagged": item.flagged,
           "choices": [{"id": c.choice_id, "letter": c.letter, "text": c.text}
                       for c in feedback.choice_views(entry, item)],
           "answer": None}
    if item.answer is not None:
        out["answer"] = {"choices": item.answer.choices, "numeric": item.answer.numeric_value,
                         "unsure": item.answer.unsure}
        if session.mode != Mode.EXAM or session.finished_at is not None:
            out["answer"]["correct"] = item.answer.correct
            out["verdicts"] = verdicts_json(entry, item)
            out["explanation"] = feedback.explanation_text(entry, item, feedback.choice_views(entry, item))
    return out


def verdicts_json(entry, item) -> list[dict]:
    """The model's reason for every choice."""
    return [{"id": v.choice_id, "letter": v.letter, "in_key": v.in_key, "chosen": v.chosen,
             "passes": bool(v.verdict and v.verdict.passes), "fix": v.fix, "sections": v.sections,
             "together_with": list(getattr(v.verdict, "together_with", ())),
             "findings": [{"rule_id": f.rule_id, "message": f.message, "taught_in": f.taught_in}
                          for r in (v.verdict.requirements if v.verdict else []) for f in r.findings]}
            for v in feedback.with_verdicts(catalog(), entry, item)]


@bp.route("/sessions/<dbint:session_id>/current")
def current(session_id: int):
    """The current question of a session (null when finished)."""
    session = open_session(session_id)
    item = quiz.current_item(session)
    return jsonify(session_json(session) | {"item": item_json(session, item) if item else None})


@bp.route("/sessions/<dbint:session_id>/items")
def items(session_id: int):
    """Every question of a session in order (exams answer them in any order)."""
    session = open_session(session_id)
    return jsonify(session_json(session) | {"items": [item_json(session, item) for item in session.items]})


@bp.route("/sessions/<dbint:session_id>/answer", methods=["POST"])
def answer(session_id: int):
    """Answer the current practice question, or any exam question (replacing the earlier answer)."""
    session = open_session(session_id)  # someone else's session is a 404 before the body is judged
    data = parsed(AnswerBody)
    submitted = quiz.Submitted(tuple(data.choices or ()), None if data.numeric is None else str(data.numeric),
                               data.unsure)
    try:
        if session.mode == Mode.EXAM:
            given = submitted if {"choices", "numeric"} & data.model_fields_set else None  # else: only the flag
            item = store_exam_answer(db_session(), session, item_id_of(data.item_id), given, data.flagged)
        else:
            item = quiz.current_item(session)
            answer_item(session, data.item_id, submitted)
    except quiz.ExamClosed as error:
        return jsonify(error=str(error)), 409
    except quiz.AnswerError as error:
        db_session().rollback()
        return jsonify(error=str(error)), 422
    return jsonify(item_json(session, item))


def item_id_of(value) -> int:
    """The item id a client sent as an int; 0 (no item has it) unless it is a whole number an id can be."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INTEGER:
        return value
    return 0


@bp.route("/sessions/<dbint:session_id>/next", methods=["POST"])
def next_question(session_id: int):
    """Move a practice session past its answered current question."""
    session = open_session(session_id)
    item = quiz.current_item(session)
    if item is None or item.answer is None:
        return jsonify(error="Answer the current question first."), 422
    quiz.move_past(session, now())
    db_session().commit()
    return jsonify(session_json(session))


@bp.route("/sessions/<dbint:session_id>/submit", methods=["POST"])
def submit(session_id: int):
    """Submit an exam."""
    session = open_session(session_id)
    if session.mode != Mode.EXAM:
        return jsonify(error="Only exams are submitted; practice finishes after the last question."), 422
    if session.finished_at is None:
        submit_exam(session)
    return jsonify(results_json(session))


def results_json(session: QuizSession) -> dict:
    """Score and per-domain breakdown."""
    done = session.finished_at is not None
    return session_json(session) | {
        "correct": session.correct, "scaled_score": session.scaled_score,
        "passed": done and (session.scaled_score or 0) >= quiz.PASS_MARK,
        "domains": quiz.domain_breakdown(catalog(), session) if done else None,
    }


@bp.route("/sessions/<dbint:session_id>/results")
def results(session_id: int):
    """Results of a session (score fields are null until it is finished)."""
    return jsonify(results_json(open_session(session_id)))
