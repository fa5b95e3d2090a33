"""Requirement kinds for the iam area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
