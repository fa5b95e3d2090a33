"""A rule: one concern, an id, the AWS page that justifies it and the note that teaches it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .findings import Breach, Finding

if TYPE_CHECKING:
    from .deploy import Deployment

RULE_ID = re.compile(r"^[A-Z]{2,4}\d{2}$")

Check = Callable[["Deployment", Any], Iterable[Breach]]


@dataclass(frozen=True)
class Rule:
    """A named check over a deployed design for one kind of requirement."""

    id: str
    title: str
    description: str
    source: str
    checked: date
    taught_in: str
    requirement: type
    check: Check

    def run(self, deployment: Deployment, requirement: Any) -> list[Finding]:
        """Run the check and stamp each breach with this rule's identity."""
        breaches = list(self.check(deployment, requirement))
        if not breaches:  # the common case: most rules find nothing
            return breaches
        return [Finding(self.id, self.title, b.message, b.where, b.stage, self.taught_in, self.source)
                for b in breaches]
