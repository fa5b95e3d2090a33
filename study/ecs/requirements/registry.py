"""Requirement kinds for the registry area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
