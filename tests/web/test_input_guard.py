"""Input no page accepts gets a 4xx with a sentence on both databases, never a 500."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("path, data", [
    ("/auth/register", {"username": "ada\x00", "password": "correct horse"}),
    ("/auth/login", {"username": "ada\x00", "password": "correct horse"}),
    ("/questions/fake/q1/report", {"message": "wrong\x00key"}),
])
def test_a_nul_in_a_form_is_refused(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400 and b"NUL" in response.data


def test_a_nul_in_json_is_refused(client):
    response = client.post("/api/sessions", data='{"mode": "practice", "topics": ["ia\\u0000m"]}',
                           content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.get_json()["error"]


def test_a_body_over_the_limit_is_413_with_a_json_error(client):
    response = client.post("/api/sessions", data="[" + "1," * 600_000 + "1]", content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"]
