"""The question-bank format, defined once here; docs and the JSON Schema are generated from it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter
from pydantic.dataclasses import dataclass

from ..ecs.scenario import Claim, Scenario
from ..ecs.statements import Statement
from ..ecs.vocab._base import STRICT
from ..ecs.vocab._base import key as documented

QUESTION_ID = r"^[a-z0-9][a-z0-9-]{1,79}$"
BASE_NAME = r"^[a-z0-9][a-z0-9-]{0,79}$"
CHOICE_ID = r"^[A-H]$"


class QuestionKind(StrEnum):
    SINGLE = "single"
    CHOOSE = "choose"
    NUMERIC = "numeric"


class CombineLists(StrEnum):
    REPLACE = "replace"
    MERGE = "merge"


class Topic(StrEnum):
    LAUNCH_TYPES = "launch-types"
    IAM = "iam"
    LOAD_BALANCERS = "load-balancers"
    VOLUMES = "volumes"
    AUTO_SCALING = "auto-scaling"
    ECR_EKS = "ecr-eks"


@dataclass(config=STRICT)
class ParamRange:
    min: int = documented("Smallest value drawn.", 2)
    max: int = documented("Largest value drawn.", 12)
    step: int = documented("Distance between drawable values.", 1, default=1, ge=1)


@dataclass(config=STRICT)
class ChoiceSpec:
    id: str = documented("Letter shown to the learner.", "A", pattern=CHOICE_ID)
    text: str = documented("Markdown text of the choice.", "Put s3:GetObject on the task role.")
    design: dict[str, Any] = documented("Merge patch applied to the situation (null deletes a key).", {"task_definitions": {"orders": {"task_role": "orders-task"}}}, default={})
    claims: list[Claim] = documented("Values the choice states, checked against the model.", [{"quantity": "settled_count", "of": "worker", "equals": 5}], default=[])
    statements: list[Statement] = documented(
        "Statements about the model's own findings for the situation as given (who signs a call, whether a volume mounts, "
        "the stage a design fails at and the rule, whether a requirement holds); see docs/authoring.md.",
        [{"fact": "outcome", "equals": "launch", "rule": "IAM07"}], default=[])


Extends = str | list[str]
"""One base name, or several applied in order (a later base patches an earlier one)."""


@dataclass(config=STRICT)
class BaseSpec:
    about: str = documented("One line on the situation the base describes.", "A Fargate service behind an ALB in two private subnets.", default="")
    extends: Extends = documented("Bases this one builds on, applied in order before its own situation.", "fargate-service", default=[])
    situation: dict[str, Any] = documented("A design, or a merge patch on the bases it extends.", {"services": {"web": {"desired_count": 4}}}, default={})


@dataclass(config=STRICT)
class QuestionSpec:
    id: str = documented("Stable id, unique in the bank; never reuse or renumber.", "iam-task-role-s3-read", pattern=QUESTION_ID)
    topic: Topic = documented("Exam domain the question belongs to.", "iam")
    practises: list[str] = documented("Note anchors (note#section) the question practises.", ["iam-roles#task-role"], min_length=1)
    stem: str = documented("Markdown situation and question.", "A Fargate service must read objects from a bucket. ...")
    extends: Extends = documented("Bases of the bank (`bases:`) the situation starts from; scenario.situation then patches them.", "fargate-alb", default=[])
    scenario: Scenario = documented("Situation and requirements in the model's vocabulary.", {"situation": {}, "requirements": []})
    kind: QuestionKind = documented("single, choose (choose N) or numeric.", "single", default=QuestionKind.SINGLE)
    choose: int = documented("How many choices to pick (choose questions).", 2, default=1, ge=1, le=4)
    combined: bool = documented(
        "Choose questions whose choices are parts of one design (\"which TWO additions ...\"): the model judges "
        "every combination of `choose` choices applied together, and the key is the combination that passes.",
        True, default=False)
    combine_lists: CombineLists = documented(
        "Combined questions: how a list in one choice meets the same list in another. replace (the default, JSON Merge "
        "Patch): the later choice's list replaces the earlier one. merge: the lists are joined, items not repeated.",
        "merge", default=CombineLists.REPLACE)
    choices: list[ChoiceSpec] = documented("Answer choices (none for numeric).", [{"id": "A", "text": "...", "design": {}}], default=[])
    key: list[str] | float | None = documented("The instructor's key: choice ids, or the number for numeric.", ["B"], default=None)
    explanation: str = documented("Optional Markdown shown after answering.", "The task role ...", default="")
    params: dict[str, ParamRange] = documented("Numeric: parameters drawn per attempt, used as {name} in situation and stem.", {"running": {"min": 4, "max": 12}}, default={})
    tolerance: float = documented("Numeric: accepted distance from the computed answer.", 0, default=0, ge=0)

    @property
    def choice_ids(self) -> list[str]:
        """Choice letters in order."""
        return [c.id for c in self.choices]


@dataclass(config=STRICT)
class BankHeader:
    bank: str = documented("Bank id, unique across banks.", "iam-basics", pattern=QUESTION_ID)
    title: str = documented("Title shown to learners.", "IAM roles for ECS")
    description: str = documented("One line on what the bank covers.", "Task roles, execution roles and instance profiles.", default="")
    topic: Topic | None = documented("The topic of every question that does not name its own.", "iam", default=None)


QUESTION_ADAPTER = TypeAdapter(QuestionSpec)
HEADER_ADAPTER = TypeAdapter(BankHeader)
BASE_ADAPTER = TypeAdapter(BaseSpec)


def with_bank_topic(raw: Any, topic: str | None) -> Any:
    """A raw question with the bank's topic filled in when it names none, so each question is written once per bank."""
    if topic is None or not isinstance(raw, dict) or "topic" in raw:
        return raw
    return {**raw, "topic": topic}


def base_names(extends: Extends) -> list[str]:
    """The names an `extends` value lists, in the order they apply."""
    return [extends] if isinstance(extends, str) else list(extends)


def bank_json_schema() -> dict:
    """JSON Schema for a bank file, generated from these dataclasses for editors."""
    question = QUESTION_ADAPTER.json_schema(ref_template="#/$defs/{model}")
    header = HEADER_ADAPTER.json_schema()
    base = BASE_ADAPTER.json_schema(ref_template="#/$defs/{model}")
    defs = {**question.pop("$defs", {}), **base.pop("$defs", {})}
    question["required"] = [k for k in question["required"] if k != "topic"]  # the bank's `topic:` may give it
    defs["Question"] = question
    defs["Base"] = base
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "study question bank",
        "type": "object",
        "required": header.get("required", []) + ["questions"],
        "additionalProperties": False,
        "properties": {**header["properties"],
                       "bases": {"type": "object", "propertyNames": {"pattern": BASE_NAME}, "additionalProperties": {"$ref": "#/$defs/Base"}},
                       "questions": {"type": "array", "items": {"$ref": "#/$defs/Question"}}},
        "if": {"not": {"required": ["topic"]}},
        "then": {"properties": {"questions": {"items": {"required": ["topic"]}}}},
        "$defs": defs,
    }
