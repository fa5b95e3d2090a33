"""Export fixtures: the bundled banks selected once, and a fresh collection of the real Anki client."""
from __future__ import annotations

from functools import cache

import pytest

from study import locations
from study.export.select import Selected, Selection, select_items


@cache
def bundled(selection: Selection = Selection()) -> Selected:
    """The bundled banks and notes, validated and flattened (cached: the model takes a second)."""
    return select_items([locations.questions_dir()], locations.content_dir(), selection)


@pytest.fixture
def collection(tmp_path):
    """An empty Anki collection in tmp_path, closed after the test."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()
