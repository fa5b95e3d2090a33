"""Requirement kinds for the storage area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
