"""Requirement kinds for the scaling area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
