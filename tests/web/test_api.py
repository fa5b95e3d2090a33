"""The JSON API: start, current question, answer, next, submit, results."""
from __future__ import annotations


def test_practice_through_the_api(client):
    started = client.post("/api/sessions", json={"mode": "practice", "topics": ["iam"], "count": 2})
    assert started.status_code == 201
    sid = started.get_json()["id"]
    current = client.get(f"/api/sessions/{sid}/current").get_json()
    item = current["item"]
    assert [c["letter"] for c in item["choices"]] == ["A", "B", "C", "D"] and item["answer"] is None
    answered = client.post(f"/api/sessions/{sid}/answer", json={"item_id": item["item_id"], "choices": ["wrong1"]})
    body = answered.get_json()
    assert body["answer"]["correct"] is False
    wrong = next(v for v in body["verdicts"] if v["id"] == "wrong1")
    assert wrong["fix"].startswith("this would hold if") and wrong["findings"][0]["rule_id"].startswith("IAM")
    for _ in range(2):
        client.post(f"/api/sessions/{sid}/next")
        item = client.get(f"/api/sessions/{sid}/current").get_json()["item"]
        if item:
            client.post(f"/api/sessions/{sid}/answer", json={"item_id": item["item_id"], "choices": ["right"]})
    results = client.get(f"/api/sessions/{sid}/results").get_json()
    assert results["finished"] and results["correct"] == 1 and results["total"] == 2


def test_exam_through_the_api(client):
    sid = client.post("/api/sessions", json={"mode": "exam", "count": 6, "minutes": 30}).get_json()["id"]
    item = client.get(f"/api/sessions/{sid}/current").get_json()["item"]
    wanted = item["choose"] if item["kind"] == "choose" else 1
    answer = {"numeric": -1} if item["kind"] == "numeric" else {"choices": [c["id"] for c in item["choices"]][:wanted]}
    answered = client.post(f"/api/sessions/{sid}/answer", json={"item_id": item["item_id"], "flagged": True} | answer)
    assert answered.status_code == 200
    assert "verdicts" not in answered.get_json() and answered.get_json()["flagged"]
    listed = client.get(f"/api/sessions/{sid}/items").get_json()["items"]
    assert len(listed) == 6 and listed[0]["flagged"] and all("verdicts" not in i for i in listed)
    results = client.post(f"/api/sessions/{sid}/submit").get_json()
    assert results["finished"] and results["scaled_score"] <= 250 and not results["passed"]
    assert {d["topic"] for d in results["domains"]} == {"iam", "launch-types", "load-balancers", "volumes",
                                                          "auto-scaling"}
    late = client.post(f"/api/sessions/{sid}/answer", json={"item_id": item["item_id"], "choices": ["right"]})
    assert late.status_code == 409 and "over" in late.get_json()["error"]


def test_api_refuses_bad_start(client):
    assert client.post("/api/sessions", json={"mode": "chaos"}).status_code == 400
    assert client.post("/api/sessions", json={"topics": ["nope"]}).status_code == 400
    assert client.get("/api/sessions/999/current").status_code == 404
