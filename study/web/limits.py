"""Throttling for the web: which counters an action hits, the client's address, the 429 answer."""
from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

from study.db import throttle
from study.db.throttle import Policy, Refusal
from study.web.clock import now
from study.web.database import get_engine

# Scopes of counters: a login guess hits its account's and its address's; the other actions their address's.
LOGIN_ACCOUNT = "login-account"
LOGIN_ADDRESS = "login-address"
REGISTER = "register"
REPORT = "report"
# Config key of each scope's limit; all share STUDY_THROTTLE_WINDOW_MINUTES.
LIMIT_SETTINGS = {
    LOGIN_ACCOUNT: "STUDY_LOGIN_LIMIT",
    LOGIN_ADDRESS: "STUDY_LOGIN_ADDRESS_LIMIT",
    REGISTER: "STUDY_REGISTER_LIMIT",
    REPORT: "STUDY_REPORT_LIMIT",
}


def policy(scope: str) -> Policy:
    """The configured policy of a scope."""
    config = current_app.config
    return Policy(limit=config[LIMIT_SETTINGS[scope]],
                  window=timedelta(minutes=config["STUDY_THROTTLE_WINDOW_MINUTES"]))


def client_address() -> str:
    """The client's address as counters know it: what ProxyFix trusted (STUDY_PROXY_HOPS) or the peer.

    An IPv6 client is counted by its /64 network, since one host commonly holds a whole /64.
    """
    text = request.remote_addr or "unknown"
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text[:200]
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def take(scope: str, key: str) -> Refusal | None:
    """Record a hit on the scope's counter for key; the refusal when it came too early."""
    return throttle.take(get_engine(), scope, key[:200], now(), policy(scope))


def give_back(scope: str, key: str) -> None:
    """Take back a hit on the scope's counter for key."""
    throttle.give_back(get_engine(), scope, key[:200], now(), policy(scope))


def forget(scope: str, key: str) -> None:
    """Clear the scope's counter for key."""
    throttle.forget(get_engine(), scope, key[:200])


def wait_text(refusal: Refusal) -> str:
    """How long to wait, in words."""
    seconds = refusal.seconds
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def too_many(refusal: Refusal, what: str) -> TooManyRequests:
    """The 429 to raise or return: a sentence saying what to wait for, with Retry-After."""
    return TooManyRequests(description=f"Too many {what}; try again in {wait_text(refusal)}.",
                           retry_after=refusal.seconds)


def limit_by_address(scope: str, what: str) -> None:
    """Abort with 429 when the client's address has done this too often lately; what names it in the sentence."""
    refusal = take(scope, client_address())
    if refusal is not None:
        raise too_many(refusal, what)
