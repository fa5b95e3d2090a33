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

    id: str  # area prefix and number, like FG01; the numbers of one module run 01, 02, 03...
    title: str  # one line that states the fact
    description: str  # a few sentences that teach it
    source: str  # the AWS documentation page that justifies the rule
    source_checked: date  # when the source was last read against the rule
    taught_in: str  # the note anchor (note#section) that teaches it
    requirement: type  # the kind of requirement the rule judges (Deploys for "the design is accepted and runs")
    check: Check  # yields one Breach per violation it finds

    def run(self, deployment: Deployment, requirement: Any) -> list[Finding]:
        """Run the check and stamp each breach with this rule's identity."""
        return [self.finding(b) for b in self.check(deployment, requirement)]

    def finding(self, breach: Breach) -> Finding:
        """One breach stamped with this rule's identity."""
        return Finding(self.id, self.title, breach.message, breach.where, breach.stage, self.taught_in, self.source)
