"""Markdown to safe HTML, and a question's drawn values filled in: shared by the web pages and the exports.

Python-Markdown does the syntax, nh3 the sanitizing; nothing here imports Flask.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown
import nh3

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
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Text that Markdown would only wrap in paragraphs: no markup character, no line that could start a
# list, quote, heading, rule or code block, no line starting or ending with a space.
MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#|!\\&~{}=\t]|^[-+]|^\d+[.)]|^ | $", re.M)
_parsers = threading.local()


def sanitize(html: str) -> str:
    """Keep formatting tags; drop scripts, event handlers and javascript: URLs."""
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"}, clean_content_tags={"script", "style"},
    )


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """Render Markdown to sanitized HTML (cached: notes and banks do not change while serving)."""
    return sanitize(plain_paragraphs(text or "") or _parser().reset().convert(text or ""))


def _parser() -> markdown.Markdown:
    """This thread's Markdown converter: building one costs more than converting a question."""
    parser = getattr(_parsers, "markdown", None)
    if parser is None:
        parser = _parsers.markdown = markdown.Markdown(extensions=EXTENSIONS)
    return parser


def plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of text without any Markdown syntax (paragraphs only), else None.

    A shortcut for exports of thousands of questions; tests check it against the full converter.
    """
    stripped = text.strip("\n")
    if not stripped.strip() or MARKDOWN_SYNTAX.search(stripped):
        return None
    blocks = [b for b in re.split(r"\n\s*\n", stripped) if b]
    return "\n".join(f"<p>{block}</p>" for block in blocks)


def to_inline_html(text: str) -> str:
    """Render a short Markdown fragment (a choice) without its wrapping paragraph."""
    html = to_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


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


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a Markdown text, on one line and cut at a word past limit characters."""
    flat = " ".join((text or "").split())
    first = re.split(r"(?<=[.?!])\s", flat, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
