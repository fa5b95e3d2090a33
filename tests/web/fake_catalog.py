"""The fake catalog web tests serve: one note, a tiny bank, and an evaluator returning the model's verdict types."""
from __future__ import annotations

from dataclasses import dataclass, field

from study.content.bank_format import ParamRange
from study.ecs.evaluate import ChoiceVerdict, RequirementVerdict
from study.ecs.findings import Finding, Stage
from study.ecs.question import QuestionResult
from study.web.catalog import Catalog


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int = 2


@dataclass(frozen=True)
class Note:
    slug: str
    title: str
    order: int
    summary: str
    sources: list[str]
    markdown: str
    sections: list[Section]


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    design: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    practises: list[str]
    kind: str
    stem: str
    choices: list[Choice]
    key: list[str]
    choose: int = 1
    explanation: str = ""
    params: dict = field(default_factory=dict)
    tolerance: float = 0.0


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    questions: list[Question]


NOTE_MD = """# Task roles {#top}

Intro with <script>alert(1)</script> and a [bad link](javascript:alert(1)).

## Execution role {#execution-role}

The execution role pulls images.

## Task role {#task-role}

The task role is what your code uses.

```diagram
fake/q1 wrong1
```
"""

NOTES = [Note("iam-roles", "IAM roles for tasks", 1, "Which role does what.",
              ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"],
              NOTE_MD, [Section("iam-roles#execution-role", "Execution role"),
                        Section("iam-roles#task-role", "Task role")])]


def _single(qid: str, topic: str, section: str, rule: str) -> Question:
    return Question(qid, topic, [section], "single", f"Question **{qid}**: which design works?",
                    [Choice("right", "The `right` design"), Choice("wrong1", "Wrong design one"),
                     Choice("wrong2", "Wrong design two"), Choice("wrong3", "Wrong design three")],
                    ["right"], explanation=f"Because of {rule}.")


QUESTIONS = [
    _single("q1", "iam", "iam-roles#task-role", "IAM01"),
    _single("q2", "iam", "iam-roles#execution-role", "IAM02"),
    _single("q3", "launch-types", "iam-roles#task-role", "IAM01"),
    _single("q4", "load-balancers", "iam-roles#task-role", "ELB01"),
    Question("q5", "volumes", ["iam-roles#task-role"], "choose", "Choose two that hold.",
             [Choice("a", "A holds"), Choice("b", "B holds"), Choice("c", "C breaks")], ["a", "b"], choose=2),
    Question("n1", "auto-scaling", ["iam-roles#task-role"], "numeric", "How many tasks for {load}?",
             [], [], params={"load": ParamRange(min=100, max=200, step=100)}),
]
BANKS = [Bank("fake", "Fake bank", QUESTIONS)]
RULE_OF = {"q1": "IAM01", "q2": "IAM02", "q3": "IAM01", "q4": "ELB01", "q5": "VOL01"}
RULE_TITLE = {"IAM01": "Application calls use the task role", "IAM02": "The execution role pulls images",
              "ELB01": "Fargate targets are IPs", "VOL01": "Volumes need a mount point"}


def evaluate(question: Question, params: dict | None = None) -> QuestionResult:
    """Choices in the key pass; others break the question's rule."""
    if question.kind == "numeric":
        load = params["load"]
        return QuestionResult((), (), answer=load / 50, working=f"{load} / 50 = {load / 50:g}", rule_id="AS01")
    verdicts = []
    for choice in question.choices:
        passes = choice.id in question.key
        rule = RULE_OF[question.id]
        findings = () if passes else (Finding(rule, RULE_TITLE[rule], f"{choice.id} breaks {rule}", "tasks",
                                              Stage.REQUIREMENT, question.practises[0], "https://docs.aws.amazon.com/"),)
        deployment = {"tasks": [{"name": "web-task", "az": "eu-west-1a", "task_role": "app-role"}],
                      "load_balancer": {"name": "alb", "type": "application"}, "volumes": [],
                      "broken": [] if passes else ["web-task"]}
        verdicts.append(ChoiceVerdict(choice.id, passes, (RequirementVerdict("reaches", "App reaches S3", passes, findings),),
                                      deployment, None if passes else f"this would hold if {choice.id} used the task role"))
    return QuestionResult(tuple(verdicts), tuple(question.key))


def draw_params(question: Question, rng) -> dict:
    """Draw each parameter from its range, as the model does."""
    return {name: rng.randrange(r.min, r.max + 1, r.step) for name, r in (question.params or {}).items()}


def fake_catalog() -> Catalog:
    """A fresh fake catalog."""
    return Catalog(notes=NOTES, banks=BANKS, evaluate=evaluate, draw_params=draw_params)


def wrong_choice(item) -> str:
    """A choice id that is not in the fake key."""
    return next(c for c in item.choice_order if c.startswith("wrong") or c == "c")
