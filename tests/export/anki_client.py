"""The official Anki client driven as a learner's app would: import a package, render cards (test-only, AGPL)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from anki.import_export_pb2 import (
    IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

TEMPLATE_PROBLEM = "template has a problem"  # what Anki renders instead of a card whose template is broken


def import_package(col, path: Path):
    """Import an .apkg the way Anki's import dialog does by default: update notes and note types when newer."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=True, with_scheduling=False, with_deck_configs=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def notes_by_id_field(col) -> dict:
    """Every note in the collection keyed by its Id field (the export's uid)."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Id"]: note for note in notes}


def nfc(text: str) -> str:
    """Anki stores text NFC-normalised; compare exported text the same way."""
    return unicodedata.normalize("NFC", text)
