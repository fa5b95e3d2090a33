"""The catalog the running app serves: STUDY_CATALOG when a test gives one, else the banks folder (loaded
once, and stored as versions) with the published versions in place, rebuilt when a publish changes them."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from study.db.publish import publish
from study.db.served import bank_headers, generation, newest_versions, served_questions
from study.web.catalog import Catalog, load_catalog
from study.web.clock import now
from study.web.database import db_session, get_engine
from study.web.published_catalog import published_catalog

_loading = threading.Lock()


def catalog() -> Catalog:
    """The notes and banks learners are served now (one database read per request to notice a publish)."""
    app = current_app
    fixed = app.config.get("STUDY_CATALOG")
    if fixed is not None:
        return fixed
    if "study_catalog" not in g:
        folder = _folder(app)
        if not app.extensions["study.versions_kept"]:
            g.study_catalog = folder
        else:
            g.study_catalog = _served(app, folder, generation(db_session()))
    return g.study_catalog


def _folder(app: Flask) -> Catalog:
    """The banks folder's catalog, loaded on first use (a threaded server may ask from many threads); its
    questions are stored as versions so that every answer keeps the version it was given to."""
    found = app.extensions.get("study.catalog")
    if found is None:
        with _loading:
            found = app.extensions.get("study.catalog")
            if found is None:
                found = load_catalog(Path(app.config["STUDY_CONTENT_DIR"]), Path(app.config["STUDY_QUESTIONS_DIR"]))
                app.extensions["study.last_valid"] = _store_folder(app, found)
                for held in found.held_back:
                    app.logger.warning("question %s of %s is not served: %s", held.question_id, held.file,
                                       "; ".join(held.reasons))
                app.extensions["study.catalog"] = found
    return found


def _store_folder(app: Flask, folder: Catalog) -> list:
    """Store the folder's versions and read the last stored version of each question held back, or, on a
    database without the version tables (not migrated), log what to run and serve the folder alone."""
    engine = get_engine(app)
    app.extensions["study.versions_kept"] = inspect(engine).has_table("served_version")
    if not app.extensions["study.versions_kept"]:
        app.logger.error("the database has no served_version table; run `study db upgrade`: until then "
                         "the banks folder is served as it is and published versions are not")
        return []
    bank_of_file = {str(bank.path): bank.id for bank in folder.banks}
    with Session(engine) as db, db.begin():
        publish(db, folder.banks, now(), bank_folder=True)
        return newest_versions(db, [f"{bank_of_file.get(h.file)}/{h.question_id}" for h in folder.held_back])


def _served(app: Flask, folder: Catalog, current: int) -> Catalog:
    """The folder with the published versions in place, built again only when the generation moved."""
    kept = app.extensions.get("study.served")
    if kept is None or kept[0] != current:
        with _loading:
            kept = app.extensions.get("study.served")
            if kept is None or kept[0] != current:
                db = db_session()
                built = published_catalog(folder, served_questions(db), bank_headers(db),
                                          app.extensions["study.last_valid"])
                for held in built.held_back[len(folder.held_back):]:
                    app.logger.warning("version %s of %s is not served: %s", held.file, held.question_id,
                                       "; ".join(held.reasons))
                kept = app.extensions["study.served"] = (current, built)
    return kept[1]
