"""Export items for the LMS tests: every bundled question once, and small hand-made items for edge cases."""
from __future__ import annotations

from functools import cache

from study import ecs
from study.content.banks import load_banks
from study.export.items import ExportChoice, ExportItem
from study.export.lms import lms_items
from study.locations import questions_dir

GIFT_SPECIALS = r"Press ~ = # { } : and \ together"


@cache
def bundled() -> tuple[ExportItem, ...]:
    """Every bundled question, parameterised ones with their first variant."""
    return tuple(lms_items(load_banks([questions_dir()]).banks, ecs.evaluate_question))


def item(kind: str = "single", stem: str = "Which one?", choices=None, **extra) -> ExportItem:
    """A hand-made item; choices default to A right, B wrong with a reason, rule and fix."""
    if choices is None and kind != "numeric":
        choices = (ExportChoice("A", "Right `one`", True),
                   ExportChoice("B", "Wrong one", False, reason="It breaks {x}.", rule_id="IAM03",
                                rule_title="Task roles", fix="Set a task role."))
    fields = dict(bank_id="demo", question_id=f"demo-{kind}", topic="iam", kind=kind, choose=1, stem=stem,
                  choices=tuple(choices or ()), explanation="Because **A**.", practises=("iam#roles",))
    fields.update(extra)
    return ExportItem(**fields)


def choose_two() -> ExportItem:
    """Choose 2 of 5: right shares +100, wrong shares -100."""
    choices = tuple(ExportChoice(letter, f"Option {letter}", letter in "AC", reason="" if letter in "AC" else "No.")
                    for letter in "ABCDE")
    return item("choose", "Which **two**?", choices, choose=2, question_id="demo-choose-two")


def numeric_with_tolerance() -> ExportItem:
    """A drawn numeric question accepting 12 +/- 0.5."""
    return item("numeric", "With {n} tasks, how many?", (), answer=12.0, tolerance=0.5, params={"n": 4},
                question_id="demo-numeric")


EDGE_STEMS = {
    "gift-specials": GIFT_SPECIALS,
    "code-span": "Set `{\"cpu\": 256}` in the task definition; what happens?",
    "table": "| CPU | Memory |\n|---|---|\n| 256 | 512 |\n| 512 | 1024 |\n\nWhich row is valid?",
    "code-block": "```\nline one\n\n// not a comment\n```\nWhat prints?",
    "unsafe": "Click <a href=\"javascript:alert(1)\" onclick=\"x()\">here</a><script>alert(2)</script> ]]> end",
}


def edge_items() -> list[ExportItem]:
    """One hand-made single-answer item per edge-case stem, plus choose-2 and numeric with tolerance."""
    return [item(stem=stem, question_id=f"demo-{name}") for name, stem in EDGE_STEMS.items()] + [
        choose_two(), numeric_with_tolerance()]
