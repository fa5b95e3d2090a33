"""A scenario (situation plus requirements) and the parts of a choice the model reads."""

from __future__ import annotations

from typing import Any

from pydantic.dataclasses import dataclass

from .requirements import Requirement
from .vocab._base import STRICT, key
from .vocab.scaling import CLOCK_SCHEMA, TimeOfDay


@dataclass(config=STRICT)
class Quantity:
    """A number (or short value) the model computes from the situation, such as a settled task count."""

    quantity: str = key("Name of a quantity the model computes (see docs/vocabulary.md).", "settled_count")
    of: str | None = key("The service, task, or resource it is about.", "worker", default=None)
    at: TimeOfDay | None = key("Time of day in the simulated timeline, HH:MM or HH:MM:SS.", "10:05", default=None, json_schema_extra=CLOCK_SCHEMA)


@dataclass(config=STRICT)
class Claim(Quantity):
    """A choice's statement about a quantity; it holds when the model computes the same value."""

    equals: int | float | str = key("The value the choice states.", 5, default=0)


@dataclass(config=STRICT)
class Scenario:
    situation: dict[str, Any] = key("The starting design every choice changes.", {"services": {"orders": {"task_definition": "orders"}}}, default={})
    requirements: list[Requirement] = key("What a right design must achieve.", [{"kind": "deploys"}], default=[])
    ask: Quantity | None = key("Numeric questions: the quantity the learner must give.", {"quantity": "settled_count", "of": "worker"}, default=None)
