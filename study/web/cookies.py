"""Cookies sent over HTTPS are marked Secure, so a browser never sends them back in clear.

The scheme is the request's own, or the one ProxyFix trusted from X-Forwarded-Proto (STUDY_PROXY_HOPS):
behind a load balancer that ends TLS every cookie is Secure, while `study serve` on plain HTTP at
127.0.0.1 keeps working. STUDY_SECURE_COOKIES=1 forces the flag whatever the scheme.
"""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured so or when this request is HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


def mark_secure(response):
    """Add Secure to every cookie this HTTPS response sets (the remember cookie among them)."""
    cookies = response.headers.getlist("Set-Cookie")
    if cookies and request.is_secure:
        response.headers.setlist("Set-Cookie", [c if "; Secure" in c else f"{c}; Secure" for c in cookies])
    return response


def init_app(app: Flask) -> None:
    """Use the HTTPS-aware session cookie; register before Flask-Login so this hook runs after it sets its cookie."""
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(mark_secure)
