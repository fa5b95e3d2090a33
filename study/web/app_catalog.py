"""The catalog the running app serves: STUDY_CATALOG when a test gives one, else loaded once from disk."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from study.web.catalog import Catalog, load_catalog

_loading = threading.Lock()


def catalog() -> Catalog:
    """The app's notes and banks, loaded on first use (a threaded server may ask from many threads)."""
    app = current_app
    found = app.extensions.get("study.catalog") or app.config.get("STUDY_CATALOG")
    if found is None:
        with _loading:
            found = app.extensions.get("study.catalog")
            if found is None:
                found = load_catalog(Path(app.config["STUDY_CONTENT_DIR"]), Path(app.config["STUDY_QUESTIONS_DIR"]))
                for held in found.held_back:
                    app.logger.warning("question %s of %s is not served: %s", held.question_id, held.file, "; ".join(held.reasons))
    app.extensions["study.catalog"] = found
    return found
