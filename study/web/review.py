"""Spaced review: the learner's due queue and review sessions built from it."""
from __future__ import annotations

import random

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from study.db.models import Mode
from study.web import quiz, scheduling
from study.web.app_catalog import catalog
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.route("/")
@login_required
def queue():
    """What is due now, questions and rules."""
    cards = scheduling.due_cards(db_session(), learner(), now())
    return render_template("review/queue.html", cards=cards, catalog=catalog())


@bp.route("/start", methods=["POST"])
@login_required
def start():
    """Start a review session over everything due now."""
    user = learner()
    entries = scheduling.review_questions(catalog(), scheduling.due_cards(db_session(), user, now()))
    if not entries:
        flash("Nothing is due for review right now.", "info")
        return redirect(url_for("review.queue"))
    session = quiz.start_session(db_session(), user, Mode.REVIEW, catalog(), entries, now=now(),
                                 rng=random.Random(), settings={"count": len(entries)})
    db_session().commit()
    return redirect(url_for("practice.show", session_id=session.id))
