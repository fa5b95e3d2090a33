"""Rules for the capacity area."""

from __future__ import annotations

from ..rule import Rule

RULES: tuple[Rule, ...] = ()
