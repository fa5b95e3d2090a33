"""After a session: every question's feedback, retrying what was missed, discarding what was abandoned."""
from __future__ import annotations

import random

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from study.db.models import Mode, QuizSession
from study.web import quiz
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner, owned_session
from study.web.practice import RESUME_SHOWN, item_context

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


@bp.route("/<dbint:session_id>/q/<dbint:number>")
def item(session_id: int, number: int):
    """The full feedback of one question of a finished practice or review session."""
    session = owned_session(session_id)
    if session.finished_at is None or session.mode == Mode.EXAM:
        abort(404, description="Feedback for single questions is shown once a practice session is finished.")
    found = quiz.item_at(session, number - 1)
    if found is None:
        abort(404, description=f"This session has questions 1 to {session.item_count}.")
    context = item_context(session, found) | {"answered": True, "number": number}
    return render_template("sessions/item.html", **context)


@bp.route("/<dbint:session_id>/retry", methods=["POST"])
def retry(session_id: int):
    """Start a practice session over the questions of this one that were missed, or unsure and flagged."""
    session = owned_session(session_id)
    gids = [gid for gid in quiz.retry_questions(session, request.form.get("which", "missed")) if catalog().entry(gid)]
    if not gids:
        flash("Nothing to retry from that session.", "info")
        return redirect(url_for("practice.results", session_id=session.id))
    rng = random.Random()
    entries = [catalog().entry(gid) for gid in dict.fromkeys(gids)]
    started = quiz.start_session(db_session(), learner(), Mode.PRACTICE, catalog(), rng.sample(entries, len(entries)),
                                 now=now(), rng=rng,
                                 settings={"retry_of": session.id, "count": len(entries)})
    db_session().commit()
    return redirect(url_for("practice.show", session_id=started.id))


@bp.route("/<dbint:session_id>/discard", methods=["POST"])
def discard(session_id: int):
    """Delete an unfinished practice or review session with its answers (finished ones stay as history)."""
    session = owned_session(session_id)
    if session.finished_at is not None:
        abort(409, description="A finished session is part of your history and is kept.")
    db_session().delete(session)
    db_session().commit()
    flash("The unfinished session was discarded.", "info")
    return redirect(url_for("practice.choose"))


@bp.route("/discard-older", methods=["POST"])
def discard_older():
    """Delete every unfinished practice and review session but the newest few."""
    user = learner()
    unfinished = db_session().scalars(
        select(QuizSession).where(QuizSession.user_id == user.id, QuizSession.finished_at.is_(None))
        .order_by(QuizSession.started_at.desc(), QuizSession.id.desc())).all()
    stale = [s for s in unfinished[RESUME_SHOWN:] if s.mode != Mode.EXAM]  # the ones the list does not show
    for session in stale:
        db_session().delete(session)
    db_session().commit()
    flash(f"{len(stale)} older unfinished session(s) discarded.", "info")
    return redirect(url_for("practice.choose"))
