"""The registry: every rule module, in the order their rules run, and the lookups built from it.

Each module holds the rules of one area under one id prefix, numbered with no gap (RULES may list them
in another order: it is the order they run in); modules that share a prefix (compute and
compute_options) continue one numbering, 01 up. A module's cases live in tests/ecs/cases/<module>.yaml. Rule ids are stored in
learners' review cards: renumbering takes a data migration (study/db/migrations/versions/0003_*.py).
"""

from __future__ import annotations

from collections import defaultdict
from types import ModuleType

from ..rule import Rule
from . import (
    agent_settings,
    audit,
    capacity,
    compute,
    compute_options,
    daemon,
    deployments,
    ecr,
    efs_modes,
    eks,
    eks_roles,
    fargate,
    fargate_limits,
    health_codes,
    iam,
    loadbalancing,
    network,
    ports,
    resource_policies,
    routing,
    scaling,
    sharing,
    spare_capacity,
    storage,
    storage_goals,
    storage_launch,
    tls,
    value_ranges,
)

RULE_MODULES: tuple[ModuleType, ...] = (
    value_ranges,  # AWS refuses an out-of-range value before anything else is checked
    fargate,
    fargate_limits,
    compute,
    compute_options,
    iam,
    network,
    loadbalancing,
    ports,
    routing,
    storage,
    storage_launch,
    storage_goals,
    scaling,
    capacity,
    ecr,
    eks,
    deployments,
    daemon,
    tls,
    health_codes,
    spare_capacity,
    sharing,
    efs_modes,
    agent_settings,
    audit,
    eks_roles,
    resource_policies,
)

RULES: tuple[Rule, ...] = tuple(rule for module in RULE_MODULES for rule in module.RULES)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rules_for(requirement_type: type) -> tuple[Rule, ...]:
    """Rules that judge one kind of requirement, in registry order."""
    return _BY_REQUIREMENT.get(requirement_type, ())


def _index() -> dict[type, tuple[Rule, ...]]:
    """Group the rules by the requirement kind they judge, once at import."""
    grouped: dict[type, list[Rule]] = defaultdict(list)
    for rule in RULES:
        grouped[rule.requirement].append(rule)
    return {kind: tuple(rules) for kind, rules in grouped.items()}


_BY_REQUIREMENT = _index()
