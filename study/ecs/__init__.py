"""The executable ECS model: designs in, deployments and verdicts out. No Flask, no database."""

from .evaluate import ChoiceVerdict, DesignError, RequirementVerdict, evaluate_choice
from .findings import Finding, Stage
from .question import QuestionResult, draw_params, evaluate_question

__all__ = [
    "ChoiceVerdict",
    "DesignError",
    "Finding",
    "QuestionResult",
    "RequirementVerdict",
    "Stage",
    "draw_params",
    "evaluate_choice",
    "evaluate_question",
]
