"""Sessions that go somewhere: feedback per question afterwards, retries, new questions, skipping, discarding."""
from __future__ import annotations

from tests.web.form_requests import start_practice
from tests.web.stored_state import current, load_session


def finish_practice(app, client, picks: list[str], **form) -> int:
    """A practice session answered with these picks ("skip" skips); its id."""
    sid = start_practice(client, count=str(len(picks)), **form)
    for pick in picks:
        item = current(app, sid)
        if pick == "skip":
            client.post(f"/practice/{sid}/next", data={"skip": "1"})
            continue
        client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": pick if pick != "wrong" else
                                                     next(c for c in item.choice_order if c != "right")})
        client.post(f"/practice/{sid}/next")
    return sid


def test_results_link_every_question_to_its_feedback(app, client):
    sid = finish_practice(app, client, ["right", "wrong", "skip"], topic=["iam", "launch-types"])
    results = client.get(f"/practice/{sid}/results").get_data(as_text=True)
    assert results.count(f'href="/sessions/{sid}/q/') == 3 and "Skipped" in results
    assert "<strong>q" in results  # stems rendered as Markdown, not raw asterisks
    page = client.get(f"/sessions/{sid}/q/2").get_data(as_text=True)
    assert "Wrong." in page and "Back to the results" in page
    assert "Not answered." in client.get(f"/sessions/{sid}/q/3").get_data(as_text=True)


def test_retry_the_missed_ones_and_new_questions_only(app, client):
    sid = finish_practice(app, client, ["right", "wrong", "skip"], topic=["iam", "launch-types"])
    missed = {i.question_id for i in load_session(app, sid).items if not (i.answer and i.answer.correct)}
    retry = client.post(f"/sessions/{sid}/retry", data={"which": "missed"})
    retried = load_session(app, int(retry.headers["Location"].rsplit("/", 1)[1]))
    assert {i.question_id for i in retried.items} == missed and len(missed) == 2
    page = client.post("/practice/start", data={"topic": ["iam", "launch-types"], "new_only": "1", "count": "5"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Only 1 question match" in page  # three iam/launch-types questions, two already answered


def test_unfinished_sessions_can_be_discarded_and_the_list_stays_short(app, client):
    ids = [start_practice(client, topic="iam", count="1") for _ in range(7)]
    choose = client.get("/practice/").get_data(as_text=True)
    assert choose.count("Discard</button>") == 5 and "2 older unfinished session(s)" in choose
    client.post("/sessions/discard-older")
    assert client.get(f"/practice/{ids[0]}").status_code == 404 and client.get(f"/practice/{ids[-1]}").status_code == 200
    client.post(f"/sessions/{ids[-1]}/discard")
    assert client.get(f"/practice/{ids[-1]}").status_code == 404
