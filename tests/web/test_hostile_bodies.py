"""Hostile or mistyped JSON bodies get a 400 that names the field, never a 500 and never a guess."""
from __future__ import annotations

import pytest

START_BODIES = [
    {"mode": ["exam"]}, {"mode": "quiz"}, {"topics": 5}, {"topics": [{}]}, {"topics": [["iam"]]}, {"sections": 7},
    {"count": "10"}, {"count": 0}, {"count": True}, {"minutes": 301, "mode": "exam"}, {"colour": "red"},
    {"topics": ["iam"] * 21},
]


@pytest.mark.parametrize("body", START_BODIES)
def test_a_bad_start_body_is_a_400(client, body):
    response = client.post("/api/sessions", json=body)
    assert response.status_code == 400 and "does not fit" in response.get_json()["error"]


@pytest.mark.parametrize("extra", [{"flagged": "no"}, {"unsure": {"x": 1}}, {"choices": ["a"] * 100_000},
                                   {"numeric": [1]}])
def test_a_bad_answer_body_is_a_400(client, extra):
    sid = client.post("/api/sessions", json={"mode": "exam", "count": 6, "minutes": 10}).get_json()["id"]
    item = client.get(f"/api/sessions/{sid}/items").get_json()["items"][0]
    response = client.post(f"/api/sessions/{sid}/answer", json={"item_id": item["item_id"]} | extra)
    assert response.status_code == 400 and next(iter(extra)) in response.get_json()["error"]


def test_deeply_nested_json_is_a_400(client):
    response = client.post("/api/sessions", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400
