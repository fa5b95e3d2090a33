"""JSON Merge Patch (RFC 7386): how a choice's design changes the scenario's situation."""

from __future__ import annotations

from typing import Any


def merge_patch(target: Any, patch: Any, merge_lists: bool = False) -> Any:
    """Apply `patch` to `target` without mutating either: maps merge, null deletes, the rest replaces.

    With `merge_lists` (combined questions that ask for it), a list in the patch extends the list it
    meets instead of replacing it; items already present are not repeated.
    """
    if merge_lists and isinstance(patch, list) and isinstance(target, list):
        return target + [item for item in patch if item not in target]
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value, merge_lists)
    return result
