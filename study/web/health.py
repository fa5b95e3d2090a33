"""Health checks for load balancers and orchestrators: alive, and ready to serve."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from study.db import migrate
from study.web.app_catalog import catalog
from study.web.database import get_engine

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """Liveness: the process answers (no database work, so a slow database restarts nothing)."""
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    """Readiness: the database answers at the schema this code expects, and the banks are loaded.

    Questions that fail validation do not make the app unready (the others are served); the count says
    how many are held back.
    """
    try:
        at = migrate.current_revision(get_engine())
    except SQLAlchemyError as error:
        current_app.logger.warning("database unreachable: %s", type(error).__name__)
        return jsonify(status="unavailable", reason="database unreachable"), 503
    head = migrate.head_revision()
    if at != head:
        return jsonify(status="unavailable", reason=f"database at {at}, expected {head}: run `study db upgrade`"), 503
    served = catalog()
    held = len(served.held_back)
    why = f"{held} question(s) fail validation and are not served; instructors see why at /instructor/reports" if held else ""
    return jsonify(status="ok", questions=len(served.entries), held_back=held, held_back_reason=why)
