"""Functions every template can call."""
from __future__ import annotations

from types import MappingProxyType, SimpleNamespace

from flask import current_app, request, url_for
from flask.templating import Environment
from markupsafe import Markup

from study.web import rendering
from study.web.catalog import TOPICS
from study.web.kept import kept, params_key


class TemplateEnvironment(Environment):
    """Flask's Jinja environment, with templates reading the environment's globals without a ChainMap.

    Jinja layers each template's own globals over the environment's in a ChainMap and flattens it
    into a dict on every render; with no template-level globals (the app has none) that cost 7 µs a
    page, an eighth of the question page's template. A read-only view keeps what the ChainMap gave:
    templates see globals added later and cannot change the environment's.
    """

    def make_globals(self, d):
        return MappingProxyType(self.globals) if not d else super().make_globals(d)


def note_url(anchor: str) -> str:
    """URL of a note section from its anchor "slug#section-id"."""
    slug, _, section = anchor.partition("#")
    return url_for("notes.show", slug=slug) + (f"#{section}" if section else "")


# The layout's links: endpoints without arguments, the same on every page.
LAYOUT_ENDPOINTS = {
    "home": ("dashboard.index", {}), "notes": ("notes.index", {}), "practice": ("practice.choose", {}),
    "exam": ("exam.choose", {}), "review": ("review.queue", {}), "reports": ("reports.reports", {}),
    "login": ("auth.login", {}), "register": ("auth.register", {}), "logout": ("auth.logout", {}),
    "css": ("static", {"filename": "study.css"}), "keys_js": ("static", {"filename": "keys.js"}),
}


def layout_links() -> SimpleNamespace:
    """The layout's URLs, built once per mount point (the header is on every page).

    Attributes rather than dict keys: Jinja reads `links.home` as an attribute first, and a dict
    would make it raise and catch an AttributeError for each of the header's links."""
    cache = current_app.extensions.setdefault("study.layout_links", {})
    links = cache.get(request.script_root)
    if links is None:
        links = cache[request.script_root] = SimpleNamespace(**{
            name: url_for(endpoint, **values) for name, (endpoint, values) in LAYOUT_ENDPOINTS.items()
        })
    return links


QUESTION_FIELDS_KEPT = 4096  # rendered question bodies kept per app


def question_fields(entry, item, choices, answered: bool) -> Markup:
    """The question's stem and answer inputs (`_question.html`), rendered once per distinct state.

    Questions come from the banks, which do not change while the app serves, so this HTML depends
    only on the question, its drawn values, the choices' order and marks and whether it is answered.
    Question pages show it on every request, and rendering it cost more than reading the session.
    """
    answer = item.answer
    key = (entry.gid, params_key(item.params), tuple((c.letter, c.choice_id, c.chosen, c.in_key) for c in choices),
           answered, answer.numeric_value if answer is not None else None)

    def render() -> Markup:
        return Markup(current_app.jinja_env.get_template("_question.html").render(
            entry=entry, item=item, choices=choices, answered=answered))

    try:
        hash(key)
    except TypeError:  # a drawn value that is not hashable: render it every time
        return render()
    return kept(current_app.extensions.setdefault("study.question_fields", {}), key, render, QUESTION_FIELDS_KEPT)


def minutes_seconds(left) -> str:
    """Format a timedelta as M:SS."""
    seconds = int(left.total_seconds()) if left is not None else 0
    return f"{seconds // 60}:{seconds % 60:02d}"


def template_globals() -> dict:
    """The globals registered on the Jinja environment."""
    return {"markdown": rendering.render, "TOPICS": TOPICS,
            "note_url": note_url, "minutes_seconds": minutes_seconds, "fill": rendering.fill,
            "number": rendering.number, "layout_links": layout_links, "question_fields": question_fields}
