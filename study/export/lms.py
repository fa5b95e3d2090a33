"""What Moodle XML, GIFT and QTI share: item ids, feedback texts, choose-N weights and fixed variants.

Each LMS writer maps an `ExportItem` to its own syntax; the wording of feedback and notes, the grading
weights and the variant drawing live here once, so the three formats never disagree.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from study.content.bank_format import QuestionSpec
from study.content.banks import Bank
from study.content.markdown_html import number
from study.ecs.question import default_params, draw_params

from .items import Evaluate, ExportChoice, ExportItem, export_item
from .select import Selection

CATEGORY_ROOT = "AWS containers"
DRAW_ATTEMPTS = 50  # draws tried per wanted variant before settling for fewer (small ranges repeat)


@dataclass(frozen=True)
class Weight:
    """A choice's share of the mark, in percent: right choices share +100, wrong ones -100."""

    letter: str
    percent: float


def export_id(item: ExportItem) -> str:
    """Stable id of one exported variant: "bank/question", plus the drawn values when the question has some."""
    if not item.params:
        return item.uid
    return item.uid + "@" + ",".join(f"{name}={value}" for name, value in sorted(item.params.items()))


def category(item: ExportItem) -> str:
    """The question-bank category path a topic's questions go to ("AWS containers/Auto scaling")."""
    return f"{CATEGORY_ROOT}/{item.topic_title}"


def choice_feedback(choice: ExportChoice) -> str:
    """Markdown shown after a choice: the model's deciding reason and, when one exists, the fix."""
    if choice.correct:
        return "Right: this choice meets every requirement of the scenario."
    parts = [choice.reason or "Wrong: this choice breaks a requirement of the scenario."]
    if choice.rule_id:
        parts.append(f"(Rule {choice.rule_id}: {choice.rule_title}.)")
    if choice.fix:
        parts.append(f"What would make it right: {choice.fix}")
    return " ".join(parts)


def general_feedback(item: ExportItem) -> str:
    """Markdown shown after the question: the author's explanation, and the computed answer for numbers."""
    if item.kind == "numeric" and item.answer is not None:
        return f"The answer is {number(item.answer)}.\n\n{item.explanation}"
    return item.explanation


def variant_note(item: ExportItem) -> str:
    """Say that a parameterised question was frozen to one set of values (empty for fixed questions)."""
    if not item.params:
        return ""
    values = ", ".join(f"{name} = {value}" for name, value in sorted(item.params.items()))
    return (f"Values fixed for this export: {values}. In study these values are drawn afresh for each attempt; "
            f"this is one variant of question {item.uid}.")


def choose_weights(item: ExportItem) -> tuple[Weight, ...]:
    """Multiple-answer marks: right choices share +100% evenly, wrong ones share -100% evenly.

    Ticking every box then scores 0, each right tick earns the same, and each wrong tick costs the same.
    """
    right = [c for c in item.choices if c.correct]
    wrong = [c for c in item.choices if not c.correct]
    return tuple(Weight(c.letter, 100 / len(right) if c.correct else -100 / len(wrong)) for c in item.choices)


def percent_text(percent: float) -> str:
    """A percentage as Moodle lists its grades: 50, -33.33333, 14.28571."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def variant_params(question: QuestionSpec, count: int, seed: str) -> list[dict[str, int]]:
    """Up to `count` distinct value sets: the proven first variant, then deterministic draws seeded by `seed`."""
    first = default_params(question)
    if not first:
        return [{}]
    rng = random.Random(seed)
    chosen = [first]
    for _ in range(count * DRAW_ATTEMPTS):
        if len(chosen) >= count:
            break
        drawn = draw_params(question, rng)
        if drawn not in chosen:
            chosen.append(drawn)
    return chosen


def lms_items(banks: Iterable[Bank], evaluate: Evaluate, variants: int = 1,
              selection: Selection = Selection()) -> list[ExportItem]:
    """The selected questions of the banks, parameterised ones as `variants` fixed variants (fewer when
    their ranges hold fewer distinct values).

    A numeric variant for which the model computes no answer is left out: it could not be graded.
    """
    items = [export_item(bank, question, evaluate, params or None)
             for bank in banks for question in bank.questions if selection.keeps(bank.id, question)
             for params in variant_params(question, variants, f"{bank.id}/{question.id}")]
    return [item for item in items if item.kind != "numeric" or item.answer is not None]
