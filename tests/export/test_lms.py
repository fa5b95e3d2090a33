"""Shared LMS pieces: choose-N weights, feedback wording, stable ids, and distinct fixed variants."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from study import ecs
from study.content.banks import load_banks
from study.export.items import ExportChoice
from study.export.lms import choice_feedback, choose_weights, export_id, lms_items, percent_text, variant_params
from study.export.select import Selection
from study.locations import questions_dir

from .lms_cases import choose_two, item


def question_with_ranges(**ranges):
    """A stand-in with only what drawing reads: ranges of (min, max, step)."""
    return SimpleNamespace(params={name: SimpleNamespace(min=lo, max=hi, step=step) for name, (lo, hi, step) in ranges.items()})


@pytest.mark.parametrize(("letters", "right", "expected"), [
    ("ABCD", "AC", [50, -50, 50, -50]),
    ("ABCDE", "AC", [50, -33.33333, 50, -33.33333, -33.33333]),
    ("ABCDEF", "ABC", [33.33333, 33.33333, 33.33333, -33.33333, -33.33333, -33.33333]),
])
def test_choose_weights_share_plus_and_minus_100(letters, right, expected):
    choices = tuple(ExportChoice(letter, letter, letter in right) for letter in letters)
    weights = choose_weights(item("choose", choices=choices, choose=len(right)))
    assert [float(percent_text(w.percent)) for w in weights] == expected


def test_wrong_choice_feedback_carries_reason_rule_and_fix():
    wrong = item().choices[1]
    assert choice_feedback(wrong) == "It breaks {x}. (Rule IAM03: Task roles.) What would make it right: Set a task role."
    assert choice_feedback(item().choices[0]).startswith("Right")


@pytest.mark.parametrize(("ranges", "count", "expected"), [
    ({"n": (2, 3, 1)}, 5, 2),  # only two values exist
    ({"n": (1, 100, 1)}, 4, 4),
    ({"a": (1, 2, 1), "b": (10, 20, 10)}, 9, 4),
])
def test_variants_are_distinct_start_with_the_first_and_repeat_exactly(ranges, count, expected):
    question = question_with_ranges(**ranges)
    drawn = variant_params(question, count, "bank/q")
    assert len(drawn) == expected and drawn[0] == {name: lo for name, (lo, _, _) in ranges.items()}
    assert len({tuple(sorted(p.items())) for p in drawn}) == expected
    assert variant_params(question, count, "bank/q") == drawn


def test_questions_without_ranges_export_once_and_drawn_ones_once_per_variant():
    banks = load_banks([questions_dir()]).banks
    single = lms_items(banks, ecs.evaluate_question, selection=Selection(topics=frozenset({"auto-scaling"})))
    triple = lms_items(banks, ecs.evaluate_question, variants=3, selection=Selection(topics=frozenset({"auto-scaling"})))
    drawn = sum(1 for i in single if i.params)
    assert drawn and len(triple) == len(single) + 2 * drawn
    assert len({export_id(i) for i in triple}) == len(triple)
    assert export_id(choose_two()) == "demo/demo-choose-two"


UNSAFE = '<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">x</a><img src=x onerror="y()">'


def _package_text(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "".join(package.read(name).decode("utf-8") for name in package.namelist())


@pytest.mark.parametrize("writer", ["moodle", "gift", "qti"])
def test_no_text_reaches_any_format_unsanitized(writer):
    from study.export.gift import write_gift
    from study.export.moodle import write_moodle
    from study.export.qti import write_qti

    choices = (ExportChoice("A", UNSAFE, True), ExportChoice("B", UNSAFE, False, reason=UNSAFE, fix=UNSAFE))
    hostile = item(stem=UNSAFE, choices=choices, explanation=UNSAFE)
    out = {"moodle": write_moodle, "gift": write_gift, "qti": lambda items: _package_text(write_qti(items))}[writer]([hostile])
    lowered = out.lower()
    assert "<script" not in lowered and "javascript" not in lowered and "onclick" not in lowered and "onerror" not in lowered
