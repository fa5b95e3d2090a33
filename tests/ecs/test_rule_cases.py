"""Every rule against its named cases: a baseline design plus one change, expected to pass or fail."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from study.content.notes import load_notes
from study.ecs.deploy import deploy
from study.ecs.evaluate import read_merged
from study.ecs.merge import merge_patch
from study.ecs.requirements import Requirement
from study.ecs.requirements.base import Deploys
from study.ecs.rules import RULE_MODULES, RULES, RULES_BY_ID
from study.locations import content_dir

CASES_DIR = Path(__file__).parent / "cases"
REQUIREMENTS = TypeAdapter(list[Requirement])


def _load_cases() -> list[tuple[str, dict, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            cases.append((path.stem, data.get("baselines", {}), case))
    return cases


CASES = _load_cases()


def _case_id(case: tuple[str, dict, dict]) -> str:
    return f"{case[2]['rule']}-{case[2]['name']}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_case(case):
    """The rule finds something exactly when the case expects a failure."""
    _area, baselines, spec = case
    rule = RULES_BY_ID[spec["rule"]]
    situation = merge_patch(baselines[spec["base"]], spec.get("change", {}))
    deployment = deploy(read_merged(situation, None))
    requirements = REQUIREMENTS.validate_python(spec.get("requirements", [])) or [Deploys()]
    relevant = [r for r in requirements if isinstance(r, rule.requirement)]
    assert relevant, f"case gives no {rule.requirement.__name__} requirement for {rule.id}"
    findings = [f for r in relevant for f in rule.run(deployment, r)]
    if spec["expect"] == "pass":
        assert findings == []
    else:
        assert findings, f"{rule.id} found nothing"
        assert all(f.rule_id == rule.id and f.message for f in findings)


def test_rule_ids_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z]{2,4}\d{2}", i) for i in ids)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented_and_teaches_an_existing_section(rule):
    anchors = load_notes(content_dir()).anchors
    assert rule.taught_in in anchors, f"{rule.id} teaches {rule.taught_in}, which no note defines"
    assert rule.source.startswith("https://docs.aws.amazon.com/") or rule.source.startswith("https://aws.amazon.com/")
    assert rule.title and len(rule.description) > 40


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_a_passing_and_a_failing_case(rule):
    outcomes = {c[2]["expect"] for c in CASES if c[2]["rule"] == rule.id}
    assert outcomes == {"pass", "fail"}, f"{rule.id} has cases {sorted(outcomes) or 'none'}"


SOURCE_SHELF_LIFE = timedelta(days=365)


def stale_rules(today: date) -> list[str]:
    """Rules whose AWS page was last read more than a year before today, with the date and the page."""
    return sorted(f"{r.id} ({r.source_checked}, {r.source})" for r in RULES if today - r.source_checked > SOURCE_SHELF_LIFE)


def test_every_rule_source_was_read_within_a_year():
    """AWS changes: a rule whose page nobody has re-read for a year is listed, so someone reads it again."""
    stale = stale_rules(date.today())  # deliberately the real date: the point is to fail as time passes
    assert stale == [], "rules whose source was last checked over a year ago:\n" + "\n".join(stale)


@pytest.mark.parametrize(("today", "stale_ids"), [
    (date(2027, 11, 27), set()),
    (date(2027, 11, 28), {r.id for r in RULES if r.source_checked == date(2026, 11, 27)}),
])
def test_the_year_counts_from_each_rules_own_date(today, stale_ids):
    assert {line.split()[0] for line in stale_rules(today)} == stale_ids


def test_no_rule_claims_a_check_in_the_future():
    assert [r.id for r in RULES if r.source_checked > date.today()] == []


def _module_name(module) -> str:
    return module.__name__.rsplit(".", 1)[1]


@pytest.mark.parametrize("module", RULE_MODULES, ids=_module_name)
def test_each_rule_module_has_its_own_case_file(module):
    """A module's rules are tested in tests/ecs/cases/<module>.yaml, and that file tests no other module's rules."""
    in_file = {c[2]["rule"] for c in CASES if c[0] == _module_name(module)}
    assert in_file == {r.id for r in module.RULES}, f"{_module_name(module)}.yaml covers {sorted(in_file)}"


def test_every_case_file_belongs_to_a_rule_module():
    assert {c[0] for c in CASES} == {_module_name(m) for m in RULE_MODULES}


def _numbers_by_prefix() -> dict[str, list[list[int]]]:
    """For each id prefix, the sorted numbers of each module that uses it (RULES order is run order, free)."""
    found: dict[str, list[list[int]]] = {}
    for module in RULE_MODULES:
        prefixes = {re.match(r"[A-Z]+", r.id).group() for r in module.RULES}
        assert len(prefixes) == 1, f"{_module_name(module)} mixes id prefixes {sorted(prefixes)}"
        found.setdefault(prefixes.pop(), []).append(sorted(int(r.id[-2:]) for r in module.RULES))
    return found


@pytest.mark.parametrize("prefix", sorted(_numbers_by_prefix()))
def test_rule_ids_run_without_gaps(prefix):
    """Within a module ids follow each other; modules sharing a prefix continue one numbering from 01."""
    modules = sorted(_numbers_by_prefix()[prefix])
    for numbers in modules:
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), f"{prefix}: {numbers}"
    every = [n for numbers in modules for n in numbers]
    assert every == list(range(1, len(every) + 1)), f"{prefix} numbers {every}"
