"""Bounded caches for what the web app derives from notes and banks, which do not change while it serves."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from typing import Any


def kept(cache: dict, key: Hashable, make: Callable[[], Any], limit: int) -> Any:
    """cache[key], made and stored the first time; the oldest entry goes once the cache holds limit."""
    found = cache.get(key)
    if found is None:
        found = make()
        if len(cache) >= limit:
            with contextlib.suppress(RuntimeError, StopIteration, KeyError):  # another thread got there first
                cache.pop(next(iter(cache)))
        cache[key] = found
    return found


def params_key(params: dict | None) -> tuple:
    """Drawn parameters as part of a key: the same values in any order give the same key."""
    return tuple(sorted((params or {}).items()))
