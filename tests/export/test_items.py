"""Export items carry the model's key and reasons, letters by position, and the first proven variant."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from study import ecs
from study.content.banks import load_banks
from study.export.items import export_items

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


@cache
def bundled():
    return {item.uid: item for item in export_items(load_banks([QUESTIONS]).banks, ecs.evaluate_question)}


def test_every_bundled_question_exports_with_its_proven_key():
    items = bundled()
    assert len(items) == sum(len(b.questions) for b in load_banks([QUESTIONS]).banks)
    for item in items.values():
        if item.kind == "numeric":
            assert item.answer is not None and not item.choices
        else:
            assert len(item.key_letters) == item.choose, item.uid
            assert all(c.reason or c.fix or c.correct for c in item.choices if not c.correct) or item.kind == "choose"


def test_wrong_choices_name_their_deciding_rule_and_note():
    item = bundled()["auto-scaling/cal-20-scaling-after-move-to-fargate"]
    wrong = {c.letter: c for c in item.choices if not c.correct}
    assert item.key_letters == ("D",)
    assert wrong["C"].rule_id == "CP02" and wrong["C"].taught_in == "auto-scaling#fargate"


def test_explanations_cite_exported_letters_and_stems_carry_drawn_values():
    for item in bundled().values():
        assert "{" not in item.explanation.replace("{{", ""), item.uid
        if item.params:
            assert all(str(v) in item.stem for v in item.params.values()), item.uid


@pytest.mark.parametrize("topic", ["iam", "volumes"])
def test_topic_filter_keeps_only_that_topic(topic):
    items = export_items(load_banks([QUESTIONS]).banks, ecs.evaluate_question, topics=[topic])
    assert items and {i.topic for i in items} == {topic}
