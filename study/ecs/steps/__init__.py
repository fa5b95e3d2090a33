"""Deployment steps after placement, in order; each returns one field of the Deployment."""

from __future__ import annotations

from . import credentials, scaling, targets, volumes

STEPS = (
    ("credentials", credentials.resolve),
    ("volumes", volumes.attach),
    ("targets", targets.register),
    ("scaling", scaling.simulate),
)
