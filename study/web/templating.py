"""Functions every template can call."""
from __future__ import annotations

from flask import current_app, request, url_for

from study.web import rendering
from study.web.catalog import TOPICS


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


def layout_links() -> dict[str, str]:
    """The layout's URLs, built once per mount point (the header is on every page)."""
    cache = current_app.extensions.setdefault("study.layout_links", {})
    links = cache.get(request.script_root)
    if links is None:
        links = cache[request.script_root] = {
            name: url_for(endpoint, **values) for name, (endpoint, values) in LAYOUT_ENDPOINTS.items()
        }
    return links


def minutes_seconds(left) -> str:
    """Format a timedelta as M:SS."""
    seconds = int(left.total_seconds()) if left is not None else 0
    return f"{seconds // 60}:{seconds % 60:02d}"


def template_globals() -> dict:
    """The globals registered on the Jinja environment."""
    return {"markdown": rendering.render, "TOPICS": TOPICS,
            "note_url": note_url, "minutes_seconds": minutes_seconds, "fill": rendering.fill,
            "number": rendering.number, "layout_links": layout_links}
