"""What the model reports: a rule that fired, where, at which stage, and the note that teaches it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """How far a design gets before a rule stops it; the outcomes stay distinct for learners."""

    REGISTER = "rejected when registered"
    LAUNCH = "fails when tasks launch"
    RUN = "runs but misbehaves"
    REQUIREMENT = "works but misses the requirement"


@dataclass(frozen=True)
class Breach:
    """What a rule's check yields: the specific message and the design path it concerns."""

    message: str
    where: str = ""
    stage: Stage = Stage.REQUIREMENT


@dataclass(frozen=True)
class Finding:
    """A breach stamped with the rule that found it."""

    rule_id: str
    rule_title: str
    message: str
    where: str
    stage: Stage
    taught_in: str
    source: str

    def to_dict(self) -> dict:
        """Plain data for JSON and templates."""
        return {
            "rule_id": self.rule_id,
            "rule_title": self.rule_title,
            "message": self.message,
            "where": self.where,
            "stage": self.stage.name.lower(),
            "taught_in": self.taught_in,
            "source": self.source,
        }
