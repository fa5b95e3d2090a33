"""The rules of the ECS model, one module per area; `registry` lists them all."""

from .registry import RULE_MODULES, RULES, RULES_BY_ID, rules_for

__all__ = ["RULE_MODULES", "RULES", "RULES_BY_ID", "rules_for"]
