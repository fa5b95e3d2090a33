"""Each deployment step reads only what it declares, so a choice may keep the situation's result.

Every bundled question's situation and choices are deployed with a design and a deployment that
record each attribute read; the reads must fall inside the step's declared sections.
"""

from __future__ import annotations

import pytest

from study.content.banks import load_banks
from study.ecs.deploy import Deployment, _Placer, deploy
from study.ecs.evaluate import DesignError, read_merged
from study.ecs.question import default_params, instantiate
from study.ecs.steps import PLACEMENT_SECTIONS, STEPS
from study.locations import questions_dir

PLACEMENT_PARTS = {"instances", "tasks", "tasks_of", "instance", "view"}


class Recording:
    """Delegates attribute reads to `target` and notes each name read."""

    def __init__(self, target: object, reads: set[str]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> object:
        self._reads.add(name)
        return getattr(self._target, name)


def _designs():
    """The situation and every choice's merged design of every bundled question."""
    for bank in load_banks([questions_dir()]).banks:
        for question in bank.questions:
            situation = instantiate(question.scenario, default_params(question)).situation
            for patch in [None, *(c.design for c in question.choices)]:
                try:
                    yield read_merged(situation, patch)
                except DesignError:
                    continue


DESIGNS = list(_designs())


def test_placement_reads_only_its_sections():
    reads: set[str] = set()
    for design in DESIGNS:
        _Placer(Recording(design, reads)).place_all()
    assert reads <= PLACEMENT_SECTIONS


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.field)
def test_step_reads_only_what_it_declares(step):
    sections: set[str] = set()
    parts: set[str] = set()
    for design in DESIGNS:
        deployed = deploy(design)
        earlier = {s.field: getattr(deployed, s.field) for s in STEPS[:STEPS.index(step)]}
        bare = Deployment(Recording(design, sections), deployed.instances, deployed.tasks, **earlier)
        step.run(Recording(bare, parts))
    assert sections <= step.sections
    assert parts - {"design"} <= (PLACEMENT_PARTS if step.reads_placement else set())
