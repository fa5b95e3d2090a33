"""Error pages: a sentence for 400/403/404/429, a calm page and a rollback for 500."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from study.web.request_log import request_id

bp = Blueprint("errors", __name__)


def wants_json() -> bool:
    """True for API requests, which get JSON errors."""
    return request.path.startswith("/api/")


def _page(status: int, message: str, headers: dict | None = None):
    """Render the error in the form the client asked for."""
    if wants_json():
        return jsonify(error=message), status, headers or {}
    return render_template("error.html", status=status, message=message), status, headers or {}


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """A form without a valid CSRF token."""
    return _page(400, f"The form was stale or forged ({error.description}); reload and try again.")


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """404, 403, 405, 429 and friends, with their sentence (and a 429's Retry-After)."""
    kept = {name: value for name, value in error.get_headers() if name == "Retry-After"}
    return _page(error.code or 500, error.description or error.name, kept)


@bp.app_errorhandler(Exception)
def server_error(error: Exception):
    """Unexpected failure: roll back, log, and show a page without a traceback."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()
    current_app.logger.exception("unhandled error", exc_info=error, extra={"fields": {"request_id": request_id()}})
    return _page(500, "Something went wrong on our side, and what you sent last may not have been saved: "
                      f"please try again. If it happens again, quote request {request_id()}.")

