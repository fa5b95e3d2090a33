"""GIFT, Moodle's plain-text question format: `::name::[html]stem{answers}` with GIFT escaping.

Every text is sanitized HTML; the question text carries the `[html]` marker and its answers and
feedback take the same format. Choices keep their order because explanations cite them by letter.
"""
from __future__ import annotations

import re

from study.content.markdown_html import number, to_html

from .items import ExportItem
from .lms import (
    category,
    choice_feedback,
    choose_weights,
    export_id,
    general_feedback,
    percent_text,
    variant_note,
)

SPECIAL = re.compile(r"([\\~=#{}:])")
BLANK_LINE_AHEAD = re.compile(r"\n(?=[ \t]*\n)")  # a blank line would end the question in GIFT
COMMENT_START = re.compile(r"(?m)^([ \t]*)/")  # a line starting with // would be dropped as a comment


def gift_escape(text: str) -> str:
    """Backslash before each character GIFT gives a meaning: ~ = # { } : and the backslash itself."""
    return SPECIAL.sub(r"\\\1", text)


def gift_html(markdown_text: str) -> str:
    """Markdown to sanitized HTML escaped for GIFT; blank lines and line-leading slashes become entities."""
    html = BLANK_LINE_AHEAD.sub("&#10;", to_html(markdown_text).strip())
    return gift_escape(COMMENT_START.sub(r"\1&#47;", html))


def question_text(item: ExportItem) -> str:
    """The stem, plus the note on frozen values for parameterised questions."""
    note = variant_note(item)
    return gift_html(item.stem + (f"\n\n*{note}*" if note else ""))


def _answers(item: ExportItem) -> list[str]:
    if item.kind == "numeric":
        return [f"#={number(item.answer)}:{number(item.tolerance)}#{gift_html(f'The answer is {number(item.answer)}.')}"]
    if item.kind == "single":
        return [f"{'=' if c.correct else '~'}{gift_html(c.text)}#{gift_html(choice_feedback(c))}" for c in item.choices]
    weights = {w.letter: w.percent for w in choose_weights(item)}
    return [f"~%{percent_text(weights[c.letter])}%{gift_html(c.text)}#{gift_html(choice_feedback(c))}"
            for c in item.choices]


def gift_question(item: ExportItem) -> str:
    """One question: id comment, title, stem, answers with feedback, general feedback after ####."""
    lines = [f"// {export_id(item)}"]
    if item.params:
        lines.append(f"// {variant_note(item)}")
    lines.append(f"::{gift_escape(export_id(item))}::[html]{question_text(item)}{{")
    lines += [f"\t{answer}" for answer in _answers(item)]
    lines += [f"\t####{gift_html(general_feedback(item))}", "}"]
    return "\n".join(lines)


def write_gift(items: list[ExportItem]) -> str:
    """The whole file: a $CATEGORY line before each change of topic, a blank line between questions."""
    blocks: list[str] = []
    current = None
    for item in items:
        if category(item) != current:
            current = category(item)
            blocks.append(f"$CATEGORY: $course$/top/{current}")
        blocks.append(gift_question(item))
    return "\n\n".join(blocks) + "\n"
