"""An independent check of the Fargate size table: cfn-lint's rule E3047 and the model must agree on every pair.

cfn-lint 1.51 encodes the table in `aws_ecs_taskdefinition/fargate_cpu_memory.json` (fact CHK-01); the
rule is called through its JSON-schema validator directly, which keeps the whole grid to a few seconds.
"""

from __future__ import annotations

import pytest

from study.ecs.facts import fargate

cfnlint_jsonschema = pytest.importorskip("cfnlint.jsonschema")
from cfnlint.context import create_context_for_template  # noqa: E402
from cfnlint.rules.resources.ecs.FargateCpuMemory import FargateCpuMemory  # noqa: E402
from cfnlint.template import Template  # noqa: E402

VALID_CPU = (256, 512, 1024, 2048, 4096, 8192, 16384)
INVALID_CPU = (128, 384, 768, 1536, 3072, 6144, 12288)
CPU_GRID = tuple(sorted(VALID_CPU + INVALID_CPU))
MEMORY_GRID = tuple(range(512, 131072 + 1, 512))


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


@pytest.mark.parametrize("cpu", CPU_GRID)
def test_model_and_cfn_lint_agree_on_every_memory_value(cpu, e3047):
    """For one cpu value, every memory value from 512 MiB to 128 GiB gets the same verdict from both."""
    disagreements = [(cpu, memory, fargate.is_valid_size(cpu, memory)) for memory in MEMORY_GRID
                     if fargate.is_valid_size(cpu, memory) != e3047(cpu, memory)]
    assert disagreements == [], "(cpu, memory, model says valid) where cfn-lint disagrees"


def test_grid_contains_every_valid_size():
    """The grid is not vacuous: it holds every row of the table, valid and invalid pairs alike."""
    valid = {(c, m) for c in CPU_GRID for m in MEMORY_GRID if fargate.is_valid_size(c, m)}
    expected = sum(len(fargate.memory_options(c)) for c in VALID_CPU)
    assert len(valid) == expected
    assert (256, 4096) not in valid and (16384, 122880) in valid
