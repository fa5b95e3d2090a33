"""The explicit registry of every rule, area by area."""

from __future__ import annotations

from collections import defaultdict

from ..rule import Rule
from . import compute, compute_options, fargate, iam, network, loadbalancing, ports, routing, storage, scaling, capacity, ecr, eks

RULES: tuple[Rule, ...] = (
    *fargate.RULES,
    *compute.RULES,
    *compute_options.RULES,
    *iam.RULES,
    *network.RULES,
    *loadbalancing.RULES,
    *ports.RULES,
    *routing.RULES,
    *storage.RULES,
    *scaling.RULES,
    *capacity.RULES,
    *ecr.RULES,
    *eks.RULES,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rules_for(requirement_type: type) -> tuple[Rule, ...]:
    """Rules that judge one kind of requirement, in registry order."""
    return _BY_REQUIREMENT.get(requirement_type, ())


def _index() -> dict[type, tuple[Rule, ...]]:
    grouped: dict[type, list[Rule]] = defaultdict(list)
    for rule in RULES:
        grouped[rule.requirement].append(rule)
    return {kind: tuple(rules) for kind, rules in grouped.items()}


_BY_REQUIREMENT = _index()
