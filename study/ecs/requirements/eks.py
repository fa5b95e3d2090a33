"""Requirement kinds for the eks area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
