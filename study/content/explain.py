"""`study explain`: the model's verdict on every choice of a bank, as plain data for text and JSON.

The shape of `Explanation.to_dict()` is documented in docs/authoring.md ("study explain --json") and
versioned by SCHEMA_VERSION: add keys freely, bump the version when a key changes meaning or goes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..ecs import ChoiceVerdict, DesignError, evaluate_question
from ..ecs.observe import QuantityError
from .bank_format import QuestionSpec
from .banks import Bank, load_banks
from .problems import Problem, Severity
from .validate import design_problems, key_problems

SCHEMA_VERSION = 2


class UnknownQuestion(LookupError):
    """The asked question id is not in the bank; `known` lists the ids that are."""

    def __init__(self, question_id: str, known: list[str]) -> None:
        super().__init__(f"no question '{question_id}' in the bank; its questions are: {', '.join(known) or '(none)'}")
        self.known = known


@dataclass
class Explanation:
    """Every explained question of one file and the problems found on the way."""

    file: str
    questions: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that fail validation."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def to_dict(self) -> dict:
        """The documented JSON shape."""
        return {"schema_version": SCHEMA_VERSION, "file": self.file, "questions": self.questions,
                "problems": [{**asdict(p), "severity": p.severity.value} for p in self.problems]}


def explain_file(path: Path, question_id: str | None = None) -> Explanation:
    """Load one bank file and explain all its questions, or only `question_id`."""
    loaded = load_banks([path])
    explanation = Explanation(str(path), problems=list(loaded.problems))
    questions = [(bank, q) for bank in loaded.banks for q in bank.questions]
    if question_id is not None:
        questions = [(bank, q) for bank, q in questions if q.id == question_id]
        if not questions:
            raise UnknownQuestion(question_id, [q.id for bank in loaded.banks for q in bank.questions])
    for bank, question in questions:
        shown, problems = explain_question(bank, question)
        explanation.questions.append(shown)
        explanation.problems += problems
    return explanation


def explain_question(bank: Bank, q: QuestionSpec) -> tuple[dict, list[Problem]]:
    """One question's verdicts, and the problems the model finds with its key."""
    shown: dict[str, Any] = {"id": q.id, "line": bank.question_line(q.id), "kind": q.kind.value,
                             "key": q.key, "model_key": None, "answer": None, "working": "", "rule_id": "",
                             "choices": []}
    try:
        result = evaluate_question(q, with_fixes=True)
    except DesignError as error:
        return shown, design_problems(bank, q) or [Problem(str(bank.path), bank.question_line(q.id), q.id, "design", str(error))]
    except QuantityError as error:
        return shown, [Problem(str(bank.path), bank.line(q.id, ("scenario", "ask")), q.id, "scenario.ask", str(error))]
    shown.update(model_key=list(result.model_key), answer=result.answer, working=result.working, rule_id=result.rule_id,
                 choices=[explain_choice(v) for v in result.choices])
    return shown, key_problems(bank, q, result)


def explain_choice(verdict: ChoiceVerdict) -> dict:
    """Verdict, deciding requirement and rule, fix and deployment summary of one choice (none for a design AWS
    rejects when it is registered: nothing of it would run)."""
    rejected = verdict.rejected_when_registered
    return {"id": verdict.choice_id, "passes": verdict.passes, "together_with": list(verdict.together_with),
            "deciding": deciding(verdict), "fix": verdict.fix,
            "requirements": [r.to_dict() for r in verdict.requirements], "rejected_when_registered": rejected,
            "deployment": None if rejected else deployment_summary(verdict.deployment)}


def deciding(verdict: ChoiceVerdict) -> dict | None:
    """The first requirement that breaks and the first rule that breaks it (None when the choice passes)."""
    for requirement in verdict.requirements:
        if not requirement.passed and requirement.findings:
            finding = requirement.findings[0]
            return {"requirement": requirement.title, "requirement_kind": requirement.kind, **finding.to_dict()}
    return None


def deployment_summary(deployment: Any) -> dict | None:
    """Tasks and where they landed, container instances, and the identity each actor of each task uses."""
    if deployment is None:
        return None
    return {
        "tasks": [{"id": t.id, "owner": t.owner, "owner_kind": t.owner_kind, "task_definition": t.task_definition,
                   "on_fargate": t.on_fargate, "capacity_provider": t.provider, "az": t.az, "subnet": t.subnet,
                   "instance": t.instance, "state": str(t.state), "reason": t.reason} for t in deployment.tasks],
        "instances": [{"id": i.id, "group": i.group, "az": i.az, "subnet": i.subnet, "instance_type": i.instance_type,
                       "registered": i.registered, "not_registered_because": i.not_registered_because,
                       "added_by_managed_scaling": i.added_by_managed_scaling} for i in deployment.instances],
        "identities": identities(deployment.credentials),
    }


def identities(credentials: Any) -> list[dict]:
    """Per service or standalone task: the agent's, the secrets injector's and each container's identity."""
    if credentials is None:
        return []
    return [{"owner": t.owner, "task_definition": t.task_definition, "agent": t.agent.describe(),
             "secrets": t.secrets.describe(),
             "containers": {c.container: c.app.describe() for c in t.containers}} for t in credentials.tasks]


__all__ = ["SCHEMA_VERSION", "Explanation", "UnknownQuestion", "explain_file"]
