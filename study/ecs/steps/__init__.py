"""Deployment steps after placement, in order; each returns one field of the Deployment.

Each step declares the design sections it reads and whether it reads the placement (instances and
tasks). A choice whose patch leaves all of those as they are in the situation keeps the situation's
result for that step: the output is a function of its inputs, so recomputing it would give the same
value. `tests/ecs/test_step_reads.py` records what every step really reads and holds it to this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import credentials, scaling, targets, volumes

OWNERS = frozenset({"cluster", "task_definitions", "services", "tasks"})


@dataclass(frozen=True)
class Step:
    """One deployment step: the Deployment field it fills, the function, and what that function reads."""

    field: str
    run: Callable[[Any], Any]
    sections: frozenset[str]
    reads_placement: bool = True


PLACEMENT_SECTIONS = OWNERS | {"network", "roles"}

STEPS = (
    Step("credentials", credentials.resolve, OWNERS),
    Step("volumes", volumes.attach, OWNERS | {"file_systems"}),
    Step("targets", targets.register, OWNERS | {"load_balancers", "target_groups", "network"}),
    Step("scaling", scaling.simulate, frozenset({"services"}), reads_placement=False),
)
