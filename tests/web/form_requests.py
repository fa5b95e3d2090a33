"""Requests a learner makes through the app's real forms: register, log in, log out, start a practice."""
from __future__ import annotations

import re


class Auth:
    """Register, log in and log out through the real forms."""

    def __init__(self, client):
        self.client = client

    def register(self, username: str = "ada", password: str = "correct horse"):
        return self.client.post("/auth/register", data={"username": username, "password": password})

    def login(self, username: str = "ada", password: str = "correct horse"):
        return self.client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")


def session_id_from(response) -> int:
    """The quiz session id in a redirect Location."""
    return int(re.search(r"/(?:practice|exam)/(\d+)", response.headers["Location"]).group(1))


def start_practice(client, **form) -> int:
    """Start a practice session through the form; returns its id."""
    data = {"count": "3"} | form
    response = client.post("/practice/start", data=data)
    assert response.status_code == 302, response.data
    return session_id_from(response)
