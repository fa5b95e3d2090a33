"""Reusing the situation's deployment parts never changes a verdict.

Every choice of every bundled question is judged twice: with the deployed situation at hand (parts
whose inputs the patch leaves alone are reused, an empty patch reuses the whole deployment) and from
scratch. The verdicts, findings and messages must be the same.
"""

from __future__ import annotations

import re

import pytest

from study.content.banks import load_banks
from study.ecs.deploy import deploy
from study.ecs.evaluate import DesignError, evaluate_choice, read_merged
from study.ecs.question import default_params, instantiate
from study.locations import questions_dir

QUESTIONS = [q for bank in load_banks([questions_dir()]).banks for q in bank.questions if q.choices]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_reuse_gives_the_same_verdicts(question):
    scenario = instantiate(question.scenario, default_params(question))
    situation = deploy(read_merged(scenario.situation, None))
    for choice in question.choices:
        try:
            fresh = evaluate_choice(scenario, choice.id, choice.design, choice.claims)
        except DesignError as error:
            with pytest.raises(DesignError, match=re.escape(str(error))):
                evaluate_choice(scenario, choice.id, choice.design, choice.claims, situation)
            continue
        reused = evaluate_choice(scenario, choice.id, choice.design, choice.claims, situation)
        assert reused.to_dict() == fresh.to_dict()
        assert reused.deployment == fresh.deployment
