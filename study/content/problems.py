"""A problem in an instructor's file, said so they can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """`file:line: question-id: field: what is wrong and what to do`."""

    file: str
    line: int
    question_id: str
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where, self.question_id or "-", self.field or "-", self.message]
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return prefix + ": ".join(parts)
