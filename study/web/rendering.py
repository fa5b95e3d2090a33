"""Markdown to safe HTML: Python-Markdown for the syntax, nh3 for the sanitizing."""
from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

EXTENSIONS = ["attr_list", "toc", "tables", "fenced_code", "sane_lists"]
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.S)
LEADING_H1 = re.compile(r"^\s*<h1[^>]*>.*?</h1>\s*", re.S)
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def sanitize(html: str) -> str:
    """Keep formatting tags; drop scripts, event handlers and javascript: URLs."""
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"}, clean_content_tags={"script", "style"},
    )


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """Render Markdown to sanitized HTML (cached: notes and banks do not change while serving)."""
    return sanitize(markdown.markdown(text or "", extensions=EXTENSIONS))


def render(text: str) -> Markup:
    """Sanitized HTML marked safe for templates."""
    return Markup(to_html(text))


def inline(text: str) -> Markup:
    """Render a short Markdown fragment without the wrapping paragraph (for choices)."""
    html = to_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a Markdown text, on one line and cut at a word past limit characters."""
    flat = " ".join((text or "").split())
    first = re.split(r"(?<=[.?!])\s", flat, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def summary(text: str, params: dict | None = None) -> Markup:
    """A question's first sentence as inline HTML (code spans and emphasis kept), values filled in."""
    return inline(first_sentence(fill(text, params)))


def without_title(html: str) -> str:
    """Drop a leading h1: the page prints the note's title itself."""
    return LEADING_H1.sub("", html, count=1)


def fill(text: str, params: dict | None) -> str:
    """Put a numeric question's drawn values into its {name} placeholders."""
    if not params:
        return text or ""
    return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), text or "")


def number(value) -> str:
    """Show 4.0 as 4 and other numbers as they are."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
