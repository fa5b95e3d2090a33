"""The catalog the running app serves: STUDY_CATALOG when a test gives one, else the banks folder (loaded
once, and stored as versions) with the published versions in place, rebuilt when a publish changes them."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from study.db.publish import publish
from study.db.served import Version, bank_headers, generation, newest_versions, served_questions
from study.web.catalog import Catalog, load_catalog
from study.web.clock import now
from study.web.database import db_session, get_engine
from study.web.published_catalog import published_catalog

_loading = threading.Lock()


@dataclass(frozen=True)
class Folder:
    """The banks folder as loaded once per process, and what its start found in the database."""

    catalog: Catalog
    versions_kept: bool  # False on a database without the version tables (not migrated)
    last_valid: list[Version]  # the newest stored version of each question the folder holds back


def catalog() -> Catalog:
    """The notes and banks learners are served now (one database read per request to notice a publish)."""
    app = current_app
    fixed = app.config.get("STUDY_CATALOG")
    if fixed is not None:
        return fixed
    if "study_catalog" not in g:
        folder = _once(app, "study.folder", lambda found: found is not None, lambda: _load_folder(app))
        g.study_catalog = _served(app, folder, generation(db_session())) if folder.versions_kept else folder.catalog
    return g.study_catalog


def _once(app: Flask, key: str, fresh: Callable[[Any], bool], build: Callable[[], Any]) -> Any:
    """app.extensions[key] while it is fresh, else built anew, once (a threaded server may ask from many threads)."""
    found = app.extensions.get(key)
    if not fresh(found):
        with _loading:
            found = app.extensions.get(key)
            if not fresh(found):
                found = app.extensions[key] = build()
    return found


def _load_folder(app: Flask) -> Folder:
    """Load the banks folder and store its questions as versions, so that every answer keeps the version it
    was given to; on a database without the version tables, log what to run and serve the folder alone."""
    found = load_catalog(Path(app.config["STUDY_CONTENT_DIR"]), Path(app.config["STUDY_QUESTIONS_DIR"]))
    for held in found.held_back:
        app.logger.warning("question %s of %s is not served: %s", held.question_id, held.file, "; ".join(held.reasons))
    engine = get_engine(app)
    if not inspect(engine).has_table("served_version"):
        app.logger.error("the database has no served_version table; run `study db upgrade`: until then "
                         "the banks folder is served as it is and published versions are not")
        return Folder(found, False, [])
    with Session(engine) as db, db.begin():
        publish(db, found.banks, now(), bank_folder=True)
        return Folder(found, True, newest_versions(db, [found.gid_of(held) for held in found.held_back]))


def _served(app: Flask, folder: Folder, current: int) -> Catalog:
    """The folder with the published versions in place, built again only when the generation moved."""
    def build() -> tuple[int, Catalog]:
        db = db_session()
        built = published_catalog(folder.catalog, served_questions(db), bank_headers(db), folder.last_valid)
        for held in built.held_back[len(folder.catalog.held_back):]:
            app.logger.warning("version %s of %s is not served: %s", held.file, held.question_id, "; ".join(held.reasons))
        return current, built

    return _once(app, "study.served", lambda kept: kept is not None and kept[0] == current, build)[1]
