"""Raw HTML in a bank's Markdown text: what the sanitizer would drop or change, and tags left open.

Pages pass Markdown through nh3 (study/content/markdown_html.py), which silently removes tags and
attributes it does not allow, and an unclosed tag swallows the rest of the page. Either way the
learner sees something other than what the author wrote, so both are errors. Raw HTML the sanitizer
keeps as written is a warning: it shows, but Markdown says the same thing more portably.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .markdown_html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from .problems import Problem, Severity
from .safe_yaml import value_node

FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)(/?)>")
COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
ATTRIBUTE = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "source", "col", "area", "base", "embed", "param", "track"}


@dataclass(frozen=True)
class RawHtml:
    """One tag found in a text: the line within the text (0-based), what is wrong, how serious."""

    line: int
    message: str
    severity: Severity


def _blank(match: re.Match) -> str:
    """Code is shown as written, so its tags are text: keep only its newlines, for line numbers."""
    return re.sub(r"[^\n]", " ", match.group(0))


def without_code(text: str) -> str:
    """The text with fenced code blocks and code spans blanked out."""
    return CODE_SPAN.sub(_blank, FENCED_CODE.sub(_blank, text))


def raw_html(text: str) -> list[RawHtml]:
    """Every raw HTML tag and comment outside code, judged against what the sanitizer keeps."""
    prose = without_code(text)
    found = [RawHtml(prose.count("\n", 0, m.start()), "an HTML comment is removed from the page; delete it",
                     Severity.ERROR) for m in COMMENT.finditer(prose)]
    open_tags: list[tuple[str, int]] = []
    for match in TAG.finditer(COMMENT.sub(_blank, prose)):
        line = prose.count("\n", 0, match.start())
        closing, name, attributes, self_closing = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
        found += _judge_tag(match.group(0), name, attributes, line)
        if name in VOID or self_closing:
            continue
        if not closing:
            open_tags.append((name, line))
        elif open_tags and open_tags[-1][0] == name:
            open_tags.pop()
        else:
            found.append(RawHtml(line, f"</{name}> closes a tag that is not open here; remove it or open <{name}> first",
                                 Severity.ERROR))
    found += [RawHtml(line, f"<{name}> is never closed, so on the page it takes in the rest of this text; add </{name}>",
                      Severity.ERROR) for name, line in open_tags]
    return sorted(found, key=lambda f: f.line)


def _judge_tag(tag: str, name: str, attributes: str, line: int) -> list[RawHtml]:
    """A tag the sanitizer removes, attributes it drops, or a kept tag that Markdown could replace."""
    if tag.startswith("</"):
        return []  # judged with its opening tag; balance is checked apart
    if name not in ALLOWED_TAGS:
        gone = " with everything inside it" if name in ("script", "style") else ""
        return [RawHtml(line, f"raw HTML {tag[:40]} is removed from the page{gone}; write it in Markdown or delete it",
                        Severity.ERROR)]
    allowed = ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(name, set())
    dropped = sorted({a.group(1).lower() for a in ATTRIBUTE.finditer(attributes)} - allowed)
    if dropped:
        return [RawHtml(line, f"raw HTML {tag[:40]} loses {', '.join(dropped)} on the page (allowed: "
                              f"{', '.join(sorted(allowed))}); remove {'them' if len(dropped) > 1 else 'it'}", Severity.ERROR)]
    return [RawHtml(line, f"raw HTML {tag[:40]} shows, but Markdown is the bank's format; prefer its Markdown form "
                          "(for example **bold**, *italic*, `code`)", Severity.WARNING)]


def markdown_fields(question: Any) -> list[tuple[tuple, str, str]]:
    """(path in the question, field name, text) of every Markdown text of a question."""
    fields = [(("stem",), "stem", question.stem), (("explanation",), "explanation", question.explanation)]
    return fields + [(("choices", i, "text"), f"choices.{c.id}.text", c.text) for i, c in enumerate(question.choices)]


def html_problems(file: str, root: yaml.Node, base: tuple, qid: str, question: Any) -> list[Problem]:
    """Raw HTML in the question's Markdown texts, each at the line of its tag in the file."""
    problems = []
    for path, name, text in markdown_fields(question):
        found = raw_html(text) if "<" in text else []
        start = _text_line(value_node(root, (*base, *path))) if found else 0
        problems += [Problem(file, start + f.line, qid, name, f.message, f.severity) for f in found]
    return problems


def _text_line(node: yaml.Node | None) -> int:
    """The 1-based line where a text's first line is: after the `|` or `>` of a block, else the value's own."""
    if node is None:
        return 0
    return node.start_mark.line + (2 if getattr(node, "style", None) in ("|", ">") else 1)
