"""Notes rendered from content/, with a table of contents and per-section mastery."""
from __future__ import annotations

import re
from html import unescape

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from study.web import progress, rendering
from study.web.app_catalog import catalog
from study.web.database import db_session
from study.web.diagram import deployment_svg, path_names
from study.web.downloads import topic_of_note

bp = Blueprint("notes", __name__, url_prefix="/notes")


@bp.route("/")
def index():
    """Every note in reading order."""
    return render_template("notes/index.html", notes=list(catalog().notes_by_slug.values()))


def section_tools(anchor: str, mastery: progress.Mastery | None, csrf: str, has_questions: bool) -> str:
    """Trusted markup after a heading: mastery, a "practise this section" button and its Anki deck."""
    slug, section = anchor.split("#", 1)
    deck = f'<a class="download" href="{url_for("downloads.section", slug=slug, section=section)}">Anki deck</a>'
    if not has_questions:
        return ('<div class="section-tools"><span class="mastery muted">No questions on this section yet.</span>'
                f"{deck}</div>")
    shown = f"{round(mastery.ratio * 100)}% of {mastery.total}" if mastery and mastery.total else "not practised yet"
    return (f'<div class="section-tools"><span class="mastery">Mastery: {escape(shown)}</span>'
            f'<form method="post" action="{url_for("practice.start")}" class="inline">'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
            f'<input type="hidden" name="section" value="{escape(anchor)}">'
            f'<input type="hidden" name="count" value="5">'
            f'<button type="submit">Practise this section</button></form>{deck}</div>')


def question_title(stem: str, limit: int = 90) -> str:
    """A question's first sentence, shortened, as the text of its link."""
    return re.sub(r"[`*_]", "", rendering.first_sentence(stem, limit))


def section_questions(anchor: str, entries: list, csrf: str) -> str:
    """Trusted markup closing a section: the questions that practise it, each one a button that starts it."""
    if not entries:
        return ""
    buttons = "".join(
        f'<li><button type="submit" name="question" value="{escape(e.gid)}" class="link">'
        f"{escape(question_title(e.question.stem))}</button></li>" for e in entries)
    return (f'<details class="section-questions"><summary>{len(entries)} question(s) practise this section</summary>'
            f'<form method="post" action="{url_for("practice.start")}">'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
            f'<input type="hidden" name="count" value="1"><ul>{buttons}</ul></form></details>')


DIAGRAM_BLOCK = re.compile(r'<pre><code class="language-diagram">([^<]*)</code></pre>')


def diagram_for(spec: str) -> str:
    """SVG for a "bank/question CHOICE" spec: the deployment the model built for that choice."""
    gid, _, choice_id = spec.strip().partition(" ")
    entry = catalog().entry(gid)
    if entry is None or entry.question.kind == "numeric":
        return f'<p class="muted">No diagram: {escape(gid)} is not a question with choices.</p>'
    result = catalog().evaluation(entry, None)
    verdict = next((v for v in result.choices if v.choice_id == (choice_id.strip() or result.model_key[0])), None)
    if verdict is None or getattr(verdict, "deployment", None) is None:
        return f'<p class="muted">No diagram for choice {escape(choice_id)} of {escape(gid)}.</p>'
    if verdict.rejected_when_registered:
        return (f'<p class="muted">No diagram for choice {escape(verdict.choice_id)} of {escape(gid)}: AWS rejects it '
                f'when it is registered, so nothing of it runs.</p>')
    findings = [f for r in verdict.requirements for f in r.findings]
    svg = deployment_svg(verdict.deployment, sorted({f.rule_id for f in findings}),
                         path_names(getattr(f, "where", "") for f in findings))
    return (f'<figure class="worked-diagram">{svg}<figcaption>The deployment the model builds for choice '
            f'{escape(verdict.choice_id)} of {escape(gid)}.</figcaption></figure>')


def embed_diagrams(html: str) -> str:
    """Replace ```diagram fenced blocks (bank/question CHOICE) with the model's deployment diagram."""
    return DIAGRAM_BLOCK.sub(lambda m: diagram_for(unescape(m.group(1))), html)


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
        s.anchor.split("#", 1)[1]: section_tools(s.anchor, mastery.get(s.anchor), token, s.anchor in practised)
        for s in note.sections
    }
    endings = {s.anchor.split("#", 1)[1]: section_questions(s.anchor, catalog().select(sections=[s.anchor]), token)
               for s in note.sections}
    html = embed_diagrams(rendering.without_title(rendering.to_html(note.markdown)))
    body = rendering.decorate_headings(rendering.close_sections(html, endings), tools)
    return render_template("notes/show.html", note=note, body=Markup(body), topic=topic_of_note(note.slug))
