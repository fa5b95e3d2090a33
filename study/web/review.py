"""Spaced review: the learner's due queue and review sessions built from it."""
from __future__ import annotations

import random

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from study.db.models import Mode
from study.web import quiz, scheduling
from study.web.app_catalog import catalog
from study.web.catalog import TOPICS
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner
from study.web.rendering import first_sentence
from study.web.templating import rule_title

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.route("/")
@login_required
def queue():
    """What is due now, questions and rules."""
    user = learner()
    cards = scheduling.due_cards(db_session(), user, now())
    due = scheduling.review_questions(catalog(), cards)
    limits = scheduling.daily_limits(db_session(), user, now())
    return render_template("review/queue.html", cards=cards, catalog=catalog(), due=due,
                           allowed=limits.apply(due), limits=limits, user=user)


@bp.route("/start", methods=["POST"])
@login_required
def start():
    """Start a review session over everything due now."""
    user = learner()
    due_now = scheduling.due_cards(db_session(), user, now())
    due = quiz.drawable(db_session(), scheduling.review_questions(catalog(), due_now))
    entries = scheduling.daily_limits(db_session(), user, now()).apply(due)
    if not entries:
        flash("Nothing is due for review right now." if not due else "You have reached today's review limits; the "
              "rest waits for tomorrow (change the limits on the dashboard).", "info")
        return redirect(url_for("review.queue"))
    session = quiz.start_session(db_session(), user, Mode.REVIEW, catalog(), entries, now=now(),
                                 rng=random.Random(), settings={"count": len(entries)})
    db_session().commit()
    return redirect(url_for("practice.show", session_id=session.id))


@bp.route("/cards")
@login_required
def cards():
    """Every card in the learner's queue with when it is due, searchable by words of its title or topic."""
    words = request.args.get("q", "").strip().lower().split()
    rows = []
    for card in scheduling.all_cards(db_session(), learner()):
        title, topic = card_title(card)
        if all(word in f"{title} {topic} {card.key}".lower() for word in words):
            rows.append((card, title, topic))
    return render_template("review/cards.html", rows=rows, query=request.args.get("q", ""), now=now())


def card_title(card) -> tuple[str, str]:
    """What a card is about, for people: a question's first sentence or a rule's title; and its topic."""
    if card.kind == scheduling.RULE:
        return rule_title(card.key), "rule"
    entry = catalog().entry(card.key)
    if entry is None:
        return card.key, "retired question"
    return first_sentence(entry.question.stem, 100), TOPICS.get(entry.question.topic, entry.question.topic)
