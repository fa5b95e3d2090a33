"""An independent check of the Fargate size table: cfn-lint's rule E3047 and the model must agree on every pair.

The grids come from the table cfn-lint itself ships (`aws_ecs_taskdefinition/fargate_cpu_memory.json`,
read from the installed package at test time), so a size AWS adds or drops reaches these tests with the
next cfn-lint release instead of passing silently. The rule is called through its JSON-schema
validator directly, which keeps the whole grid to a few seconds.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from study.ecs.facts import fargate

cfnlint_jsonschema = pytest.importorskip("cfnlint.jsonschema")
from cfnlint.context import create_context_for_template  # noqa: E402
from cfnlint.rules.resources.ecs.FargateCpuMemory import FargateCpuMemory  # noqa: E402
from cfnlint.template import Template  # noqa: E402

TABLE = "data/schemas/extensions/aws_ecs_taskdefinition/fargate_cpu_memory.json"
MEMORY_STEP = 256


def cfn_lint_rows() -> dict[int, dict]:
    """cpu units -> the memory schema cfn-lint gives that cpu (an enum, or minimum/maximum/multipleOf)."""
    table = json.loads(resources.files("cfnlint").joinpath(TABLE).read_text(encoding="utf-8"))
    rows = {}
    for row in table["then"]["anyOf"]:
        memory = row["properties"]["Memory"]["then"]
        for cpu in row["properties"]["Cpu"]["then"]["enum"]:
            rows[int(cpu)] = memory
    return rows


def _largest_memory(memory: dict) -> int:
    return max(memory["enum"]) if "enum" in memory else memory["maximum"]


ROWS = cfn_lint_rows()
VALID_CPU = tuple(sorted(ROWS))
# Every cpu value cfn-lint names, and the values halfway between them (and below the smallest), which must fail.
INVALID_CPU = (VALID_CPU[0] // 2, *((low + high) // 2 for low, high in zip(VALID_CPU, VALID_CPU[1:], strict=False)))
CPU_GRID = tuple(sorted(VALID_CPU + INVALID_CPU))
MEMORY_GRID = tuple(range(MEMORY_STEP, max(_largest_memory(m) for m in ROWS.values()) + 1, MEMORY_STEP))


@pytest.fixture(scope="module")
def e3047():
    """A function that says whether cfn-lint's E3047 accepts a Fargate (cpu, memory) pair."""
    template = Template("", {"Resources": {}}, regions=["us-east-1"])
    validator = cfnlint_jsonschema.CfnTemplateValidator({}).evolve(cfn=template, context=create_context_for_template(template))
    rule = FargateCpuMemory()

    def accepts(cpu: int, memory: int) -> bool:
        properties = {"RequiresCompatibilities": ["FARGATE"], "Cpu": str(cpu), "Memory": str(memory)}
        return not list(rule.validate(validator, {}, properties, {}))

    return accepts


def _disagreements(cpu: int, memories: tuple[int, ...], e3047) -> list[tuple[int, int, bool]]:
    return [(cpu, memory, fargate.is_valid_size(cpu, memory)) for memory in memories
            if fargate.is_valid_size(cpu, memory) != e3047(cpu, memory)]


@pytest.mark.parametrize("cpu", VALID_CPU)
def test_model_and_cfn_lint_agree_on_every_memory_value(cpu, e3047):
    """For a cpu value cfn-lint names, every multiple of 256 MiB up to its largest memory gets the same verdict from both."""
    assert _disagreements(cpu, MEMORY_GRID, e3047) == [], "(cpu, memory, model says valid) where cfn-lint disagrees"


@pytest.mark.parametrize("cpu", INVALID_CPU)
def test_model_and_cfn_lint_refuse_cpu_values_between_the_rows(cpu, e3047):
    """A cpu value between two rows is refused with every memory value that some row accepts."""
    memories = tuple(sorted({m for c in VALID_CPU for m in fargate.memory_options(c)}))
    assert _disagreements(cpu, memories, e3047) == [], "(cpu, memory, model says valid) where cfn-lint disagrees"


def test_model_offers_exactly_the_cpu_values_cfn_lint_names():
    assert fargate.cpu_options() == VALID_CPU


def test_grid_reaches_the_largest_size_and_holds_every_valid_pair():
    """The grid is not vacuous: it holds every row of the table up to the largest memory, valid and invalid pairs alike."""
    valid = {(c, m) for c in CPU_GRID for m in MEMORY_GRID if fargate.is_valid_size(c, m)}
    assert len(valid) == sum(len(fargate.memory_options(c)) for c in VALID_CPU)
    largest = max(VALID_CPU)
    assert (largest, fargate.memory_options(largest)[-1]) in valid and MEMORY_GRID[-1] == fargate.memory_options(largest)[-1]
    assert (256, 4096) not in valid
