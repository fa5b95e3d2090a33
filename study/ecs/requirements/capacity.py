"""Requirement kinds for the capacity area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
