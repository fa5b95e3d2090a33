"""Shared helpers for the vocabulary: every key carries its documentation and an example."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ConfigDict, Field

STRICT = ConfigDict(extra="forbid", frozen=True, validate_default=True, str_strip_whitespace=True)
"""Unknown keys are errors: a typo in a design must never be silently ignored."""


def _fresh(default: list | dict) -> Any:
    """A factory for a mutable default; empty and flat ones skip the cost of deepcopy."""
    if not default:
        return type(default)
    if isinstance(default, list) and all(isinstance(v, (str, int, float, bool)) for v in default):
        return lambda: list(default)
    return lambda: copy.deepcopy(default)


def key(doc: str, example: Any, default: Any = ..., phrase: str | None = None, **constraints: Any) -> Any:
    """Declare a vocabulary key with the sentence and the example that docs/vocabulary.md shows.

    `phrase` is how a sentence for a learner names the key ("task role (taskRoleArn)"): words a person
    would use, with the AWS parameter or variable name in brackets where AWS has one. It becomes the
    key's JSON Schema title, so editors show it too.
    """
    if isinstance(default, (list, dict)):
        return Field(default_factory=_fresh(default), description=doc, examples=[example], title=phrase, **constraints)
    return Field(default, description=doc, examples=[example], title=phrase, **constraints)
