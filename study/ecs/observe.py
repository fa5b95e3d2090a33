"""Quantities the model computes from a deployed situation, for numeric questions and choice claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .deploy import Deployment
    from .scenario import Quantity


@dataclass(frozen=True)
class Observation:
    """A computed value with the working that explains it and the rule that decides it."""

    value: int | float | str
    working: str
    rule_id: str


@dataclass(frozen=True)
class QuantityKind:
    """A named quantity: what it means, an example, and how the model computes it."""

    name: str
    doc: str
    example: dict
    compute: Callable[[Deployment, Quantity], Observation]
    phrase: str = ""
    """How a sentence for a learner names it; {of} and {at} are filled from the claim or the question."""


class QuantityError(ValueError):
    """The scenario asks for a quantity the situation cannot answer (an authoring mistake)."""


def observe(deployment: Deployment, ask: Quantity) -> Observation:
    """Compute a quantity; unknown names are authoring errors."""
    from .quantities import QUANTITIES  # local: the area modules import this one

    kind = QUANTITIES.get(ask.quantity)
    if kind is None:
        raise QuantityError(f"unknown quantity '{ask.quantity}'; known: {', '.join(sorted(QUANTITIES))}")
    return kind.compute(deployment, ask)
