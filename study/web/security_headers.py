"""Headers every response carries: a Content-Security-Policy with no inline script or style, no framing,
no content sniffing, a short referrer, and no caching of pages that belong to a signed-in learner."""
from __future__ import annotations

from flask import Flask
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


def add_headers(response):
    """Set the security headers; a signed-in learner's pages are never stored by caches."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(add_headers)
