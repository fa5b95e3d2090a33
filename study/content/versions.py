"""A question's canonical content and its hash: the identity of one version of a question."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter


@lru_cache(maxsize=16)
def _adapter(kind: type) -> TypeAdapter:
    """One adapter per question type (building one takes milliseconds)."""
    return TypeAdapter(kind)


def question_content(question: Any) -> dict[str, Any]:
    """The question as loaded (bases applied) as plain JSON data; fields left at their default are omitted,
    so a new optional field in the bank format does not turn every stored question into a new version."""
    return _adapter(type(question)).dump_python(question, mode="json", exclude_defaults=True)


def canonical_json(content: dict[str, Any]) -> str:
    """One spelling of the content: sorted keys, no spaces, Unicode kept."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash_of(content: dict[str, Any]) -> str:
    """The sha256 of the content's canonical JSON (64 hex digits)."""
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def content_hash(question: Any) -> str:
    """The hash of a loaded question's content: what session items and problem reports record."""
    return content_hash_of(question_content(question))


def canonical_yaml(content: dict[str, Any]) -> str:
    """The content as sorted YAML, the form instructors read and diff."""
    import yaml

    return yaml.safe_dump(content, sort_keys=True, allow_unicode=True, width=100)


def content_diff(old: dict[str, Any], new: dict[str, Any], old_label: str, new_label: str) -> list[str]:
    """The unified diff of two versions' YAML, one line per entry, without line ends."""
    import difflib

    return list(difflib.unified_diff(canonical_yaml(old).splitlines(), canonical_yaml(new).splitlines(),
                                     old_label, new_label, lineterm=""))


def question_from_content(content: dict[str, Any]) -> Any:
    """A stored version rebuilt as a loaded question, the inverse of question_content."""
    from .bank_format import QUESTION_ADAPTER

    return QUESTION_ADAPTER.validate_python(content)
