"""Requirement kinds for the loadbalancing area."""

from __future__ import annotations

REQUIREMENTS: tuple[type, ...] = ()
