"""Structured logs: one JSON line per request and per error, each with the request's id.

The id comes from the client's or load balancer's X-Request-ID when it is a plain token, else it is
made here; it goes back in the response header so a learner's report can be matched to the logs.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request
from flask_login import current_user

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JsonLines(logging.Formatter):
    """Format a record as one JSON object: time, level, message, the request id and any `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id")


def _start() -> None:
    """Note the request's id and start time."""
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    """Log the request and hand its id back to the client."""
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    fields = {"request_id": g.get("request_id"), "method": request.method, "path": request.path,
              "status": response.status_code,
              "ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
              "user_id": current_user.id if current_user and current_user.is_authenticated else None}
    logging.getLogger("study.request").info("request", extra={"fields": fields})
    return response


def init_app(app: Flask) -> None:
    """Send the app's logs as JSON lines to stderr and log every request."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    for name in ("study", app.logger.name):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(app.config["STUDY_LOG_LEVEL"])
        logger.propagate = False
    app.before_request(_start)
    app.after_request(_finish)
