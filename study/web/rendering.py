"""Markdown as safe markup for templates, and the note page's heading helpers."""
from __future__ import annotations

import re

from markupsafe import Markup

from study.content.markdown_html import fill, first_sentence, number, sanitize, to_html, to_inline_html

__all__ = ["fill", "first_sentence", "number", "sanitize", "to_html", "render", "inline", "summary"]

HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.S)
LEADING_H1 = re.compile(r"^\s*<h1[^>]*>.*?</h1>\s*", re.S)


def render(text: str) -> Markup:
    """Sanitized HTML marked safe for templates."""
    return Markup(to_html(text))


def inline(text: str) -> Markup:
    """Render a short Markdown fragment without the wrapping paragraph (for choices)."""
    return Markup(to_inline_html(text))


def summary(text: str, params: dict | None = None) -> Markup:
    """A question's first sentence as inline HTML (code spans and emphasis kept), values filled in."""
    return inline(first_sentence(fill(text, params)))


def without_title(html: str) -> str:
    """Drop a leading h1: the page prints the note's title itself."""
    return LEADING_H1.sub("", html, count=1)


def heading_ids(html: str) -> list[str]:
    """The ids of h2-h6 headings in rendered HTML, in order."""
    return [m.group(2) for m in HEADING.finditer(html)]


def close_sections(html: str, endings: dict[str, str]) -> Markup:
    """Insert trusted markup at the end of each section: before the next heading, or at the very end."""
    pieces, last_end, open_id = [], 0, None
    for match in HEADING.finditer(html):
        pieces += [html[last_end:match.start()], endings.get(open_id, "") if open_id else ""]
        last_end, open_id = match.start(), match.group(2)
    pieces += [html[last_end:], endings.get(open_id, "") if open_id else ""]
    return Markup("".join(pieces))


def decorate_headings(html: str, after: dict[str, str]) -> Markup:
    """Insert trusted markup after each heading whose id is a key of after."""
    def add(match: re.Match) -> str:
        extra = after.get(match.group(2), "")
        return match.group(0) + extra
    return Markup(HEADING.sub(add, html))
