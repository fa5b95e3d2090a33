"""Judge a choice: merge its design into the situation, deploy it, check every requirement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .deploy import Deployment, deploy
from .findings import Finding, Stage
from .merge import merge_patch
from .observe import observe
from .requirements import Deploys
from .rules import RULES_BY_ID, rules_for
from .scenario import Claim, Scenario
from .statements import Statement
from .vocab import Design, read_changed_sections, read_design


class DesignError(ValueError):
    """A design uses keys or values outside the vocabulary; `problems` holds (path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class RequirementVerdict:
    """Whether one requirement holds, with the findings that break it."""

    kind: str
    title: str
    passed: bool
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict:
        """Plain data for JSON and templates."""
        return {"kind": self.kind, "title": self.title, "passed": self.passed,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass(frozen=True)
class ChoiceVerdict:
    """The model's judgement of one choice."""

    choice_id: str
    passes: bool
    requirements: tuple[RequirementVerdict, ...]
    deployment: Deployment | None
    fix: str | None = None
    together_with: tuple[str, ...] = ()  # combined questions: the other choices it was judged with

    @property
    def findings(self) -> list[Finding]:
        """Every finding, requirement by requirement."""
        return [f for r in self.requirements for f in r.findings]

    @property
    def rejected_when_registered(self) -> bool:
        """AWS refuses the design before anything runs, so the deployment the model built never exists."""
        return any(f.stage is Stage.REGISTER for f in self.findings)

    def to_dict(self) -> dict:
        """Plain data for JSON and templates."""
        return {"choice_id": self.choice_id, "passes": self.passes, "fix": self.fix,
                "together_with": list(self.together_with), "requirements": [r.to_dict() for r in self.requirements]}


def read_merged(situation: dict, patch: dict | None, base: Design | None = None) -> Design:
    """The choice's design applied to the situation, read into typed data.

    With `base` (the situation already read), only the sections the patch touches are read again.
    """
    merged = merge_patch(situation, patch or {})
    try:
        if base is not None and isinstance(patch, dict):
            return read_changed_sections(base, merged, set(patch))
        return read_design(merged)
    except ValidationError as error:
        raise DesignError([(_loc(e["loc"]), e["msg"]) for e in error.errors()]) from None


def _loc(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


_DEPLOYS = Deploys()


def check_requirements(deployment: Deployment, requirements: Iterable[Any]) -> tuple[RequirementVerdict, ...]:
    """Run the rules of each requirement kind; the implicit Deploys requirement comes first."""
    verdicts = []
    for requirement in (_DEPLOYS, *requirements):
        # One flat loop rather than Rule.run per rule: ~50 rules per choice, and most yield nothing.
        findings = tuple([rule.finding(breach) for rule in rules_for(type(requirement))
                          for breach in rule.check(deployment, requirement)])
        verdicts.append(RequirementVerdict(requirement.kind, requirement.title(), not findings, findings))
    return tuple(verdicts)


def meets_all(deployment: Deployment, requirements: Iterable[Any]) -> bool:
    """Whether every requirement holds; stops at the first breach, for searches that need no findings."""
    for requirement in (_DEPLOYS, *requirements):
        for rule in rules_for(type(requirement)):
            for _breach in rule.check(deployment, requirement):
                return False
    return True


def check_claims(situation: Deployment, claims: Iterable[Claim]) -> tuple[RequirementVerdict, ...]:
    """Compare each stated value with the value the model computes from the situation."""
    verdicts = []
    for claim in claims:
        seen = observe(situation, claim)
        holds = _same(seen.value, claim.equals)
        title = f"{claim.quantity.replace('_', ' ')}{' of ' + claim.of if claim.of else ''} is {claim.equals}"
        findings: tuple[Finding, ...] = ()
        if not holds:
            rule = RULES_BY_ID.get(seen.rule_id)
            message = f"The model computes {seen.value}, not {claim.equals}: {seen.working}."
            findings = (Finding(seen.rule_id, rule.title if rule else seen.rule_id, message, claim.of or "",
                                Stage.REQUIREMENT, rule.taught_in if rule else "", rule.source if rule else ""),)
        verdicts.append(RequirementVerdict("claim", title, holds, findings))
    return tuple(verdicts)


def check_statements(situation: Deployment, requirements: list, statements: Iterable[Statement]) -> tuple[RequirementVerdict, ...]:
    """Judge each statement against what the model finds for the situation as given."""
    verdicts = []
    for statement in statements:
        judged = statement.judge(situation, requirements)
        findings: tuple[Finding, ...] = ()
        if not judged.holds:
            findings = (_statement_finding(judged.seen, judged.findings),)
        verdicts.append(RequirementVerdict("statement", statement.title(), judged.holds, findings))
    return tuple(verdicts)


def _statement_finding(seen: str, behind: tuple[Finding, ...]) -> Finding:
    """A false statement reported as a finding of the rule behind what the model saw (if any)."""
    message = f"The model finds otherwise: {seen}."
    first = next((f for f in behind if f.rule_id), None)
    if first is None:
        return Finding("", "What the model finds", message, "", Stage.REQUIREMENT, "", "")
    return Finding(first.rule_id, first.rule_title, message, first.where, first.stage, first.taught_in, first.source)


def _same(computed: Any, stated: Any) -> bool:
    if isinstance(computed, (int, float)) and isinstance(stated, (int, float)):
        return abs(computed - stated) < 1e-9
    return str(computed).strip().lower() == str(stated).strip().lower()


def evaluate_choice(scenario: Scenario, choice_id: str, patch: dict | None, claims: Iterable[Claim] = (),
                    situation: Deployment | None = None, statements: Iterable[Statement] = ()) -> ChoiceVerdict:
    """Deploy the choice's design and check the scenario's requirements and the choice's claims and statements.

    A choice that changes nothing and states something is judged on what it states alone: its subject
    is the situation as given, which the requirements describe (and may well fail).
    """
    if situation is not None and not patch:
        deployment = situation  # an empty patch leaves the situation as it is, already deployed
    else:
        deployment = deploy(read_merged(scenario.situation, patch, situation.design if situation else None), situation)
    claims, statements = tuple(claims), tuple(statements)
    states_only = not patch and bool(claims or statements)
    verdicts = () if states_only else check_requirements(deployment, scenario.requirements)
    if claims or statements:
        situation = situation or (deployment if not patch else deploy(read_merged(scenario.situation, None)))
        verdicts += check_claims(situation, claims) + check_statements(situation, scenario.requirements, statements)
    return ChoiceVerdict(choice_id, all(v.passed for v in verdicts), verdicts, deployment)
