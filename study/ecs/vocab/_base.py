"""Shared helpers for the vocabulary: every key carries its documentation and an example."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ConfigDict, Field

STRICT = ConfigDict(extra="forbid", frozen=True, validate_default=True, str_strip_whitespace=True)
"""Unknown keys are errors: a typo in a design must never be silently ignored."""


def key(doc: str, example: Any, default: Any = ..., **constraints: Any) -> Any:
    """Declare a vocabulary key with the sentence and the example that docs/vocabulary.md shows."""
    if isinstance(default, (list, dict)):
        return Field(default_factory=lambda: copy.deepcopy(default), description=doc, examples=[example], **constraints)
    return Field(default, description=doc, examples=[example], **constraints)
