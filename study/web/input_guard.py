"""Refuse request input no page accepts: bodies over the size limit (413) and text with NUL characters (400).

PostgreSQL cannot store a NUL in a text column and raises mid-request; refusing it at the door gives
the same clear answer on both databases and keeps such text out of logs.
"""
from __future__ import annotations

from flask import Flask, abort, current_app, request

MAX_BODY = 1024 * 1024  # the largest form or JSON body any page needs is a few kilobytes
LARGER_BODIES: dict[str, int] = {}  # endpoint -> its body limit, for the few pages that take a file


def refuse_nul() -> None:
    """413 for a body over the limit; 400 for a NUL character in the query string, a form field or a JSON body."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.endpoint in LARGER_BODIES and limit:  # an upload page: its own limit, for this request only
        limit = request.max_content_length = max(limit, LARGER_BODIES[request.endpoint])
    if limit and (request.content_length or 0) > limit:
        abort(413, description=f"The request is larger than {limit // 1024} KiB; send less.")
    if any("\x00" in value for values in request.values.lists() for value in values[1]):
        abort(400, description="Text may not contain NUL characters.")
    if request.is_json and b"\\u0000" in request.get_data(cache=True):
        abort(400, description="Text may not contain NUL characters.")


def init_app(app: Flask) -> None:
    """Set the body size limit and check every request's text."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is no limit at all
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.before_request(refuse_nul)
