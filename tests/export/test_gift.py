"""GIFT read back by a small reader written here (not the writer's code): titles, stems, answers, weights,
feedback and escaping of ~ = # { } : and backslash survive the round trip."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from study.content.markdown_html import number, to_html
from study.export.gift import gift_escape, write_gift
from study.export.lms import choice_feedback, choose_weights, export_id, general_feedback, variant_note

from .lms_cases import GIFT_SPECIALS, bundled, choose_two, edge_items, numeric_with_tolerance

SPECIALS = "~=#{}:"


@dataclass
class GiftAnswer:
    mark: str  # "=", "~" or "#" (numeric)
    weight: str
    text: str
    feedback: str = ""


@dataclass
class GiftQuestion:
    title: str
    format: str
    stem: str
    answers: list[GiftAnswer] = field(default_factory=list)
    general: str = ""


def tokens(text: str) -> list[str]:
    """Single special characters as their own tokens; escaped ones and everything else as literal runs."""
    out, literal, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            literal.append(text[i + 1])
            i += 2
            continue
        if text[i] in SPECIALS:
            out += ["".join(literal), text[i]] if literal else [text[i]]
            literal = []
        else:
            literal.append(text[i])
        i += 1
    return out + (["".join(literal)] if literal else [])


def untangle(html: str) -> str:
    """Undo the two entities the writer uses to keep blank lines and line-leading slashes."""
    return html.replace("&#10;", "\n").replace("&#47;", "/").strip()


def parse_answers(parts: list[str]) -> tuple[list[GiftAnswer], str]:
    answers, general, i = [], "", 0
    while i < len(parts):
        if parts[i:i + 4] == ["#"] * 4:
            general, i = untangle(parts[i + 4]), i + 5
        elif parts[i] in ("=", "~", "#"):
            mark, i = parts[i], i + 1
            if mark == "#" and parts[i] == "=":
                i += 1
            body = parts[i].strip()
            weight = re.match(r"%(-?[\d.]+)%", body)
            answers.append(GiftAnswer(mark, weight.group(1) if weight else "", untangle(body[weight.end():] if weight else body)))
            i += 1
            if mark == "#" and i < len(parts) and parts[i] == ":":  # numeric answer:tolerance
                answers[-1].text += ":" + parts[i + 1].strip()
                i += 2
            if i < len(parts) and parts[i] == "#" and parts[i + 1:i + 4] != ["#"] * 3:
                answers[-1].feedback, i = untangle(parts[i + 1]), i + 2
        else:
            assert not parts[i].strip(), f"unexpected text in answers: {parts[i]!r}"
            i += 1
    return answers, general


def read_gift(text: str) -> dict[str, GiftQuestion]:
    """Questions by title; comment lines and $CATEGORY lines are skipped, blank lines separate questions."""
    questions = {}
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.splitlines() if not line.strip().startswith("//") and not line.startswith("$CATEGORY")]
        parts = tokens("\n".join(lines).strip())
        if not parts:
            continue
        assert parts[:2] == [":", ":"] and parts[3:5] == [":", ":"], parts[:6]
        title, rest = parts[2], parts[5:]
        head = rest[0]
        fmt = re.match(r"\[(\w+)\]", head)
        assert rest[1] == "{" and rest[-1] == "}", rest
        answers, general = parse_answers(rest[2:-1])
        questions[title] = GiftQuestion(title, fmt.group(1), untangle(head[fmt.end():]), answers, general)
    return questions


def expected_stem(item) -> str:
    note = variant_note(item)
    return to_html(item.stem + (f"\n\n*{note}*" if note else "")).strip()


def check_question(item, read: GiftQuestion) -> None:
    assert read.format == "html" and read.stem == expected_stem(item)
    assert read.general == to_html(general_feedback(item)).strip()
    if item.kind == "numeric":
        [answer] = read.answers
        assert (answer.mark, answer.text) == ("#", f"{number(item.answer)}:{number(item.tolerance)}")
        return
    assert [a.text for a in read.answers] == [to_html(c.text).strip() for c in item.choices]
    assert [a.feedback for a in read.answers] == [to_html(choice_feedback(c)).strip() for c in item.choices]
    if item.kind == "single":
        assert [a.mark for a in read.answers] == ["=" if c.correct else "~" for c in item.choices]
    else:
        assert [float(a.weight) for a in read.answers] == pytest.approx([w.percent for w in choose_weights(item)], abs=1e-4)


def test_every_bundled_question_reads_back():
    items = bundled()
    questions = read_gift(write_gift(list(items)))
    assert len(questions) == len(items) == 174
    kinds = Counter("numeric" if q.answers[0].mark == "#" else "choose" if q.answers[0].weight else "single"
                    for q in questions.values())
    assert kinds == {"single": 139, "choose": 8, "numeric": 27}
    for item in items:
        check_question(item, questions[export_id(item)])


@pytest.mark.parametrize("item", edge_items(), ids=lambda i: i.question_id)
def test_edge_cases_read_back(item):
    check_question(item, read_gift(write_gift([item]))[export_id(item)])


def test_every_special_character_is_escaped_and_comes_back():
    escaped = gift_escape(GIFT_SPECIALS)
    assert escaped == r"Press \~ \= \# \{ \} \: and \\ together"
    assert "".join(tokens(escaped)) == GIFT_SPECIALS


def test_choose_two_weights_and_numeric_tolerance_in_gift_syntax():
    text = write_gift([choose_two(), numeric_with_tolerance()])
    assert "\t~%50%<p>Option A</p>#" in text and "\t~%-33.33333%<p>Option B</p>#" in text
    assert "\t#=12:0.5#<p>The answer is 12.</p>" in text
    assert "// Values fixed for this export: n \\= 4" not in text and "// Values fixed for this export: n = 4" in text


def test_no_blank_line_or_comment_line_inside_a_question():
    item = next(i for i in edge_items() if i.question_id == "demo-code-block")
    block = write_gift([item]).split("\n\n")[1]
    body = block.split("\n", 1)[1]
    assert "\n\n" not in body and not any(line.lstrip().startswith("//") for line in body.splitlines())
