"""Functions every template can call."""
from __future__ import annotations

from datetime import timedelta

from flask import url_for

from study.web import feedback, rendering
from study.web.catalog import TOPICS


def note_url(anchor: str) -> str:
    """URL of a note section from its anchor "slug#section-id"."""
    slug, _, section = anchor.partition("#")
    return url_for("notes.show", slug=slug) + (f"#{section}" if section else "")


def minutes_seconds(left: timedelta | None) -> str:
    """Format a timedelta as M:SS."""
    seconds = int(left.total_seconds()) if left is not None else 0
    return f"{seconds // 60}:{seconds % 60:02d}"


def rule_title(rule_id: str) -> str:
    """A rule's title (the id itself for a rule the model no longer has)."""
    from study.web.rules import RULES_BY_ID

    rule = RULES_BY_ID.get(rule_id)
    return rule.title if rule else rule_id


def template_globals() -> dict:
    """The globals registered on the Jinja environment."""
    return {"markdown": rendering.render, "TOPICS": TOPICS, "note_url": note_url,
            "minutes_seconds": minutes_seconds, "fill": rendering.fill, "plain_number": rendering.number,
            "explanation_text": feedback.explanation_text, "rule_title": rule_title,
            "summary": rendering.summary, "inline": rendering.inline}
