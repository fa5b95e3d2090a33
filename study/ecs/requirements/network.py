"""Requirement kinds for the network area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
