"""Moodle XML read back with xml.etree (independent of the writer) matches every item field by field."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from study.content.markdown_html import to_html
from study.export.lms import category, choice_feedback, export_id, general_feedback, variant_note
from study.export.moodle import write_moodle

from .lms_cases import bundled, choose_two, edge_items, numeric_with_tolerance


def read_moodle(xml: str) -> dict[str, dict]:
    """Questions by idnumber: type, category, name, texts, and answers (fraction, text, feedback, tolerance)."""
    questions, current = {}, None
    for question in ET.fromstring(xml.encode("utf-8")).iter("question"):
        if question.get("type") == "category":
            current = question.findtext("category/text")
            continue
        questions[question.findtext("idnumber")] = {
            "type": question.get("type"), "category": current, "name": question.findtext("name/text"),
            "text": question.findtext("questiontext/text"), "text_format": question.find("questiontext").get("format"),
            "general": question.findtext("generalfeedback/text"), "single": question.findtext("single"),
            "shuffle": question.findtext("shuffleanswers"),
            "answers": [(float(a.get("fraction")), a.findtext("text"), a.findtext("feedback/text"), a.findtext("tolerance"))
                        for a in question.findall("answer")],
        }
    return questions


def expected_text(item) -> str:
    note = variant_note(item)
    return to_html(item.stem) + (to_html(f"*{note}*") if note else "")


def check_question(item, read: dict) -> None:
    """Field-by-field comparison of one item with what the parser read."""
    assert read["category"] == f"$course$/top/{category(item)}"
    assert read["text"] == expected_text(item) and read["text_format"] == "html"
    assert read["general"] == to_html(general_feedback(item))
    if item.kind == "numeric":
        assert read["type"] == "numerical"
        [(fraction, text, _feedback, tolerance)] = read["answers"]
        assert (fraction, float(text), float(tolerance)) == (100.0, item.answer, item.tolerance)
        return
    assert read["type"] == "multichoice" and read["shuffle"] == "false"
    assert read["single"] == ("true" if item.kind == "single" else "false")
    assert [a[1] for a in read["answers"]] == [to_html(c.text) for c in item.choices]
    assert [a[2] for a in read["answers"]] == [to_html(choice_feedback(c)) for c in item.choices]
    right = [a[0] for a, c in zip(read["answers"], item.choices, strict=True) if c.correct]
    wrong = [a[0] for a, c in zip(read["answers"], item.choices, strict=True) if not c.correct]
    assert sum(right) == pytest.approx(100, abs=1e-3)
    assert all(f > 0 for f in right)
    assert wrong == [0.0] * len(wrong) if item.kind == "single" else sum(wrong) == pytest.approx(-100, abs=1e-3)


def test_every_bundled_question_reads_back_field_by_field():
    items = bundled()
    questions = read_moodle(write_moodle(list(items)))
    assert len(questions) == len(items) == 174
    assert Counter(q["type"] for q in questions.values()) == {"multichoice": 147, "numerical": 27}
    assert Counter(q["single"] for q in questions.values() if q["type"] == "multichoice") == {"true": 139, "false": 8}
    for item in items:
        check_question(item, questions[export_id(item)])


@pytest.mark.parametrize("item", edge_items(), ids=lambda i: i.question_id)
def test_edge_cases_read_back_field_by_field(item):
    check_question(item, read_moodle(write_moodle([item]))[export_id(item)])


def test_choose_two_fractions_are_moodle_grades():
    read = read_moodle(write_moodle([choose_two()]))[export_id(choose_two())]
    assert [a[0] for a in read["answers"]] == [50, -33.33333, 50, -33.33333, -33.33333]


def test_numeric_keeps_its_tolerance_and_says_its_values_are_fixed():
    item = numeric_with_tolerance()
    xml = write_moodle([item])
    read = read_moodle(xml)[export_id(item)]
    assert read["answers"] == [(100.0, "12", "<p>The answer is 12.</p>", "0.5")]
    assert "Values fixed for this export: n = 4" in read["text"]
    assert "<!-- demo/demo-numeric@n=4: Values fixed" in xml


def test_unsafe_html_and_cdata_end_never_reach_the_file():
    item = next(i for i in edge_items() if i.question_id == "demo-unsafe")
    xml = write_moodle([item])
    read = read_moodle(xml)[export_id(item)]
    assert "<script" not in xml and "javascript:" not in xml and "onclick" not in xml
    assert read["text"].endswith("]]&gt; end</p>")


@pytest.mark.parametrize("html", ["a]]>b", "]]>", "x]]]]>y"])
def test_cdata_keeps_any_text_including_its_own_end_marker(html):
    from study.export.moodle import cdata

    assert ET.fromstring(f"<t>{cdata(html)}</t>").text == html
