"""The single seam between the web app and the lead's content and ECS model packages.

Everything the web layer needs from `study.content` and `study.ecs` goes through here, so a change
of interface there changes only this module.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from study.web.catalog import Catalog


def load_catalog(content_dir: Path, questions_dir: Path) -> Catalog:
    """Load the bundled notes and banks and wire the model's evaluator into a Catalog."""
    from study import ecs
    from study.content.banks import load_banks
    from study.content.notes import load_notes

    note_set = load_notes(content_dir)
    result = load_banks([questions_dir])
    return Catalog(
        notes=list(note_set.notes),
        banks=list(result.banks),
        evaluate=ecs.evaluate_question,
        draw_params=ecs.draw_params,
        problems=[str(p) for p in result.problems],
    )


def draw_seeded_params(catalog: Catalog, question: Any, seed: int) -> dict | None:
    """Draw parameters for a numeric question from a seeded generator; None for other kinds."""
    if question.kind != "numeric":
        return None
    return catalog.draw_params(question, random.Random(seed))
