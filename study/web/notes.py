"""Notes rendered from content/, with a table of contents and per-section mastery."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from study.web import progress, rendering
from study.web.access import catalog
from study.web.db import db_session

bp = Blueprint("notes", __name__, url_prefix="/notes")


@bp.route("/")
def index():
    """Every note in reading order."""
    return render_template("notes/index.html", notes=list(catalog().notes_by_slug.values()))


def section_tools(anchor: str, mastery: progress.Mastery | None, csrf: str) -> str:
    """Trusted markup after a heading: mastery and a "practise this section" button."""
    shown = f"{round(mastery.ratio * 100)}% of {mastery.total}" if mastery and mastery.total else "not practised yet"
    return (f'<div class="section-tools"><span class="mastery">Mastery: {escape(shown)}</span>'
            f'<form method="post" action="{url_for("practice.start")}" class="inline">'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
            f'<input type="hidden" name="section" value="{escape(anchor)}">'
            f'<input type="hidden" name="count" value="5">'
            f'<button type="submit">Practise this section</button></form></div>')


@bp.route("/<slug>")
def show(slug: str):
    """One note with its table of contents and section tools."""
    from flask_wtf.csrf import generate_csrf

    note = catalog().notes_by_slug.get(slug)
    if note is None:
        abort(404, description=f"There is no note called {slug!r}.")
    mastery = {}
    if current_user.is_authenticated:
        answers = progress.answers_of(db_session(), current_user)
        mastery = progress.mastery(catalog(), answers, "section")
    practised = {a for e in catalog().entries.values() for a in e.question.practises}
    token = generate_csrf()
    tools = {
        s.anchor.split("#", 1)[1]: section_tools(s.anchor, mastery.get(s.anchor), token)
        for s in note.sections if s.anchor in practised
    }
    body = rendering.decorate_headings(rendering.without_title(rendering.to_html(note.markdown)), tools)
    return render_template("notes/show.html", note=note, body=Markup(body))
