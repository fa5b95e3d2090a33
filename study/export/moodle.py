"""Moodle XML: a <quiz> of multichoice and numerical questions, HTML in CDATA, one category per topic.

Choices keep their order (no shuffling) because explanations cite them by letter.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

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

PENALTY = "0.3333333"  # Moodle's default penalty for each wrong try in interactive mode


def cdata(html: str) -> str:
    """HTML inside CDATA; a literal "]]>" is split across two sections so it cannot end the first early."""
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def html_field(tag: str, html: str) -> str:
    """A Moodle text field in HTML format."""
    return f'<{tag} format="html"><text>{cdata(html)}</text></{tag}>'


def question_html(item: ExportItem) -> str:
    """The stem as sanitized HTML, with the note on frozen values for parameterised questions."""
    note = variant_note(item)
    return to_html(item.stem) + (to_html(f"*{note}*") if note else "")


def question_name(item: ExportItem) -> str:
    """Short name in the question bank: the question id and, for variants, the drawn values."""
    if not item.params:
        return item.question_id
    return item.question_id + " (" + ", ".join(f"{k}={v}" for k, v in sorted(item.params.items())) + ")"


def _common(item: ExportItem) -> list[str]:
    return [
        f"<name><text>{escape(question_name(item))}</text></name>",
        html_field("questiontext", question_html(item)),
        html_field("generalfeedback", to_html(general_feedback(item))),
        "<defaultgrade>1</defaultgrade>", f"<penalty>{PENALTY}</penalty>", "<hidden>0</hidden>",
        f"<idnumber>{escape(export_id(item))}</idnumber>",
    ]


def _answer(fraction: str, text_html: str, feedback_html: str) -> str:
    return (f'<answer fraction="{fraction}" format="html"><text>{cdata(text_html)}</text>'
            f'{html_field("feedback", feedback_html)}</answer>')


def multichoice(item: ExportItem) -> str:
    """Single answer (100 for the key, 0 otherwise) or choose-N (shared +100 / -100 weights)."""
    single = item.kind == "single"
    fractions = ({c.letter: (100.0 if c.correct else 0.0) for c in item.choices} if single
                 else {w.letter: w.percent for w in choose_weights(item)})
    answers = [_answer(percent_text(fractions[c.letter]), to_html(c.text), to_html(choice_feedback(c)))
               for c in item.choices]
    return "\n".join([
        '<question type="multichoice">', *_common(item),
        f"<single>{'true' if single else 'false'}</single>", "<shuffleanswers>false</shuffleanswers>",
        "<answernumbering>ABCD</answernumbering>", *answers, "</question>"])


def numerical(item: ExportItem) -> str:
    """The model's computed answer with the bank's tolerance, no units."""
    feedback = html_field("feedback", to_html(f"The answer is {number(item.answer)}."))
    answer = (f'<answer fraction="100" format="moodle_auto_format"><text>{number(item.answer)}</text>{feedback}'
              f"<tolerance>{number(item.tolerance)}</tolerance></answer>")
    return "\n".join(['<question type="numerical">', *_common(item), answer,
                      "<unitgradingtype>0</unitgradingtype>", "<showunits>3</showunits>", "<unitsleft>0</unitsleft>",
                      "</question>"])


def category_question(path: str) -> str:
    """Moodle's pseudo-question that files the questions after it under a category."""
    return (f'<question type="category"><category><text>$course$/top/{escape(path)}</text></category>'
            "</question>")


def comment(text: str) -> str:
    """An XML comment ("--" cannot appear inside one)."""
    return "<!-- " + text.replace("--", "- -") + " -->"


def write_moodle(items: list[ExportItem]) -> str:
    """The whole quiz file; a category element precedes each change of topic."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current = None
    for item in items:
        if category(item) != current:
            current = category(item)
            parts.append(category_question(current))
        parts.append(comment(f"{export_id(item)}" + (f": {variant_note(item)}" if item.params else "")))
        parts.append(numerical(item) if item.kind == "numeric" else multichoice(item))
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"
