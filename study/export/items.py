"""One question ready to export: the model's verdicts flattened into plain data every format writes from.

Formats never run the model or read banks themselves; they take `ExportItem`s, so each writer stays a
small mapping from these fields to its own syntax.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from study.content.bank_format import QuestionSpec
from study.content.banks import Bank
from study.content.choice_refs import cite_choices
from study.content.markdown_html import fill
from study.content.topics import TOPIC_TITLES
from study.ecs.question import QuestionResult, default_params

LETTERS = string.ascii_uppercase
Evaluate = Callable[[QuestionSpec, dict | None], QuestionResult]


@dataclass(frozen=True)
class ExportChoice:
    """A choice as exported: its letter by position, its Markdown text, and what the model says of it."""

    letter: str
    text: str
    correct: bool
    reason: str = ""  # the deciding finding of a wrong choice, in the model's words
    rule_id: str = ""
    rule_title: str = ""
    taught_in: str = ""  # note anchor "slug#section" that teaches the deciding rule
    fix: str = ""  # the smallest change that would make a wrong choice right, when one exists
    choice_id: str = ""  # the bank's own id of the choice (what stored answers hold)


@dataclass(frozen=True)
class ExportItem:
    """A question with drawn values filled in, choices lettered as exported, and the proven key."""

    bank_id: str
    question_id: str
    topic: str
    kind: str  # "single", "choose" or "numeric"
    choose: int
    stem: str  # Markdown
    choices: tuple[ExportChoice, ...]
    explanation: str  # Markdown, every {X} replaced by the exported letter
    practises: tuple[str, ...]  # note anchors
    answer: float | None = None  # numeric questions: the model's computed answer
    tolerance: float = 0.0
    params: dict[str, int] | None = None  # the values drawn for this variant (None when none)

    @property
    def uid(self) -> str:
        """Stable identity "bank/question": derive note GUIDs and item ids from this, never from text."""
        return f"{self.bank_id}/{self.question_id}"

    @property
    def topic_title(self) -> str:
        return TOPIC_TITLES[self.topic]

    @property
    def key_letters(self) -> tuple[str, ...]:
        return tuple(c.letter for c in self.choices if c.correct)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Rules that decide the wrong choices, sorted (for tags)."""
        return tuple(sorted({c.rule_id for c in self.choices if c.rule_id}))


def export_item(bank: Bank, question: QuestionSpec, evaluate: Evaluate, params: dict[str, int] | None = None) -> ExportItem:
    """Flatten one variant of a question (the first, the one validation proves, unless params are given)."""
    params = params if params is not None else (default_params(question) or None)
    result = evaluate(question, params)
    letters = {choice.id: LETTERS[i] for i, choice in enumerate(question.choices)}
    return ExportItem(
        bank_id=bank.id, question_id=question.id, topic=str(question.topic), kind=str(question.kind),
        choose=question.choose, stem=fill(question.stem, params),
        choices=tuple(_choice(letters[c.id], fill(c.text, params), c.id, result) for c in question.choices),
        explanation=cite_choices(fill(question.explanation, params), letters),
        practises=tuple(question.practises),
        answer=float(result.answer) if question.kind == "numeric" and result.answer is not None else None,
        tolerance=question.tolerance, params=params or None,
    )


def _choice(letter: str, text: str, choice_id: str, result: QuestionResult) -> ExportChoice:
    verdict = result.verdict(choice_id)
    if verdict is None or verdict.passes:
        return ExportChoice(letter, text, correct=choice_id in result.model_key, choice_id=choice_id)
    deciding = next((r.findings[0] for r in verdict.requirements if not r.passed and r.findings), None)
    if deciding is None:
        return ExportChoice(letter, text, correct=False, fix=verdict.fix or "", choice_id=choice_id)
    return ExportChoice(letter, text, correct=False, reason=deciding.message, rule_id=deciding.rule_id,
                        rule_title=deciding.rule_title, taught_in=deciding.taught_in, fix=verdict.fix or "",
                        choice_id=choice_id)


def export_items(banks: Iterable[Bank], evaluate: Evaluate, topics: Iterable[str] = ()) -> list[ExportItem]:
    """Every question of the banks (only the given topics when some are named), in bank order."""
    wanted = set(topics)
    return [export_item(bank, q, evaluate) for bank in banks for q in bank.questions
            if not wanted or str(q.topic) in wanted]
