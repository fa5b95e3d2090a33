"""Judge a whole question: every choice, the model's key, or the computed number."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .deploy import deploy
from .evaluate import ChoiceVerdict, evaluate_choice, read_merged
from .merge import merge_patch
from .observe import Observation, observe
from .scenario import Claim, Scenario
from .statements import Statement

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class ChoiceLike(Protocol):
    id: str
    design: dict[str, Any]
    claims: list[Claim]
    statements: list[Statement]


class QuestionLike(Protocol):
    kind: Any
    scenario: Scenario
    choices: list[ChoiceLike]
    params: dict[str, Any]


@dataclass(frozen=True)
class QuestionResult:
    """The model's view of a question: verdict per choice, the key it proves, or the number."""

    choices: tuple[ChoiceVerdict, ...]
    model_key: tuple[str, ...]
    answer: int | float | str | None = None
    working: str = ""
    rule_id: str = ""
    params: dict[str, int] | None = None

    def verdict(self, choice_id: str) -> ChoiceVerdict | None:
        """The verdict of one choice."""
        return next((c for c in self.choices if c.choice_id == choice_id), None)


def statements_of(choice: ChoiceLike) -> list[Statement]:
    """A choice's statements (choices built in code may have none)."""
    return list(getattr(choice, "statements", None) or [])


def draw_params(question: QuestionLike, rng: random.Random) -> dict[str, int]:
    """Fresh values for a numeric question's parameters, one per attempt."""
    return {name: rng.randrange(r.min, r.max + 1, r.step) for name, r in sorted(question.params.items())}


def default_params(question: QuestionLike) -> dict[str, int]:
    """The first value of each range: the variant validation proves."""
    return {name: r.min for name, r in sorted((question.params or {}).items())}


def substitute(value: Any, params: dict[str, int]) -> Any:
    """Replace {name} placeholders: a whole-string placeholder becomes the number itself."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), value)
    if isinstance(value, dict):
        return {k: substitute(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, params) for v in value]
    return value


def instantiate(scenario: Scenario, params: dict[str, int]) -> Scenario:
    """The scenario with drawn parameters filled in."""
    if not params:
        return scenario
    return replace(scenario, situation=substitute(scenario.situation, params))


def evaluate_question(question: QuestionLike, params: dict[str, int] | None = None, with_fixes: bool = True) -> QuestionResult:
    """Evaluate every choice (and the asked quantity) for one variant of the question."""
    if params is None:
        params = default_params(question)
    scenario = instantiate(question.scenario, params)
    situation = deploy(read_merged(scenario.situation, None))
    if getattr(question, "combined", False):
        return _evaluate_combined(question, scenario, situation, params)
    verdicts = tuple(evaluate_choice(scenario, c.id, c.design, c.claims, situation, statements_of(c)) for c in question.choices)
    if with_fixes:
        from .fixes import (
            smallest_fix,  # local: fix search is only needed when explaining
        )

        verdicts = tuple(v if v.passes else replace(v, fix=smallest_fix(scenario, question.choices, v.choice_id, situation))
                         for v in verdicts)
    observation: Observation | None = observe(situation, scenario.ask) if scenario.ask else None
    return QuestionResult(
        verdicts, tuple(v.choice_id for v in verdicts if v.passes),
        observation.value if observation else None, observation.working if observation else "",
        observation.rule_id if observation else "", params or None)


def _evaluate_combined(question: QuestionLike, scenario: Scenario, situation, params: dict[str, int]) -> QuestionResult:
    """Choose-N questions whose choices are parts of one design: judge every N-combination together.

    A choice in a passing combination gets that combination's verdict. Any other choice is judged in
    the place of each member of each passing combination and keeps the closest miss (fewest
    findings): what it fails to do that the member it stands in for does. Judged alone, it would
    only repeat what every part of the design lacks by itself. A choice with claims or statements, or a question
    with no passing combination, is judged alone.
    """
    passing: dict[str, ChoiceVerdict] = {}
    passing_combos = []
    merge_lists = getattr(question, "combine_lists", "replace") == "merge"
    for combo in itertools.combinations(question.choices, question.choose):
        verdict = _judged_together(scenario, combo, merge_lists)
        if verdict.passes:
            passing_combos.append(combo)
            for choice in combo:
                passing.setdefault(choice.id, _as_part(verdict, choice, combo))
    verdicts = []
    for choice in question.choices:
        if choice.id in passing:
            verdicts.append(passing[choice.id])
        elif choice.claims or statements_of(choice) or not passing_combos:
            verdicts.append(evaluate_choice(scenario, choice.id, choice.design, choice.claims, situation, statements_of(choice)))
        else:
            stand_ins = [tuple(choice if part is member else part for part in combo)
                         for combo in passing_combos for member in combo]
            misses = [(_judged_together(scenario, combo, merge_lists), combo) for combo in stand_ins]
            verdict, combo = min(misses, key=lambda miss: len(miss[0].findings))  # the first of the closest
            verdicts.append(_as_part(verdict, choice, combo))
    return QuestionResult(tuple(verdicts), tuple(v.choice_id for v in verdicts if v.passes), params=params or None)


def _judged_together(scenario: Scenario, combo: tuple[ChoiceLike, ...], merge_lists: bool = False) -> ChoiceVerdict:
    """The verdict on the design made of all the combination's patches, applied in the order of the choices."""
    if merge_lists:
        together = replace(scenario, situation=_apply_all(scenario.situation, [c.design for c in combo], True))
        return evaluate_choice(together, "+".join(c.id for c in combo), {})
    *first, last = combo
    together = replace(scenario, situation=_apply_all(scenario.situation, [c.design for c in first]))
    return evaluate_choice(together, "+".join(c.id for c in combo), last.design)


def _as_part(verdict: ChoiceVerdict, choice: ChoiceLike, combo: tuple[ChoiceLike, ...]) -> ChoiceVerdict:
    """A combination's verdict given to one of its choices, naming the others."""
    return replace(verdict, choice_id=choice.id, together_with=tuple(c.id for c in combo if c is not choice))


def _apply_all(situation: dict, patches: list[dict], merge_lists: bool = False) -> dict:
    """The situation with each patch applied in turn."""
    for patch in patches:
        situation = merge_patch(situation, patch or {}, merge_lists)
    return situation
