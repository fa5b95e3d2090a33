"""Anki decks to download: a topic, a note section, or the learner's weak questions, built on request."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_login import login_required

from study.export.anki import write_apkg
from study.export.flashcards import flashcards
from study.export.select import Selected, Selection, note_topics, pick_items
from study.web import scheduling
from study.web.app_catalog import catalog
from study.web.catalog import TOPICS
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import learner

bp = Blueprint("downloads", __name__, url_prefix="/download")
APKG_MIMETYPE = "application/apkg"


def topic_of_note(slug: str) -> str | None:
    """The topic most questions on this note belong to, or None."""
    return note_topics(catalog().banks).get(slug)


def deck_file(selection: Selection, filename: str, with_notes: bool):
    """The selected questions (and note sections) as an .apkg attachment, linked to this site."""
    source = catalog()
    items = pick_items(source.banks, selection, source.evaluate)
    selected = Selected(items, list(source.notes_by_slug.values()), note_topics(source.banks))
    cards = flashcards(selected, selection, with_notes=with_notes, base_url=request.url_root)
    package = io.BytesIO()
    write_apkg(cards, package, timestamp=now().timestamp())
    package.seek(0)
    return send_file(package, mimetype=APKG_MIMETYPE, as_attachment=True, download_name=filename)


@bp.route("/anki/topic/<topic>.apkg")
def topic(topic: str):
    """Every question of a topic and its notes' sections."""
    if topic not in TOPICS:
        abort(404, description=f"There is no topic called {topic!r}.")
    return deck_file(Selection(topics=frozenset({topic})), f"aws-containers-{topic}.apkg", with_notes=True)


@bp.route("/anki/section/<slug>/<section>.apkg")
def section(slug: str, section: str):
    """The questions that practise one note section, and the section's own card."""
    anchor = f"{slug}#{section}"
    if anchor not in catalog().sections:
        abort(404, description=f"There is no note section {anchor!r}.")
    return deck_file(Selection(sections=frozenset({anchor})), f"aws-containers-{slug}-{section}.apkg", with_notes=True)


@bp.route("/anki/weak.apkg")
@login_required
def weak():
    """The questions in the learner's review queue: the ones missed or answered unsure."""
    gids = {card.key for card in scheduling.all_cards(db_session(), learner()) if card.kind == scheduling.QUESTION}
    gids &= set(catalog().entries)
    if not gids:
        flash("No weak questions yet: questions you miss or mark unsure are the ones this deck holds.", "info")
        return redirect(url_for("practice.choose"))
    return deck_file(Selection(questions=frozenset(gids)), "aws-containers-weak-questions.apkg", with_notes=False)
